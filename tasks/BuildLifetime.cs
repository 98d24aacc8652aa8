using Cake.Core;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks;

public sealed class BuildLifetime : FrostingLifetime<BuildContext>
{
    public override void Setup(BuildContext context, ISetupContext info)
    {
    }

    public override void Teardown(BuildContext context, ITeardownContext info)
    {
    }
}

using Cake.Core;
using PrivateCloud.Frosting;

namespace PrivateCloud.Tasks;

/// <summary>What every task reads: filled once in <see cref="BuildLifetime.Setup"/>, never in the constructor.</summary>
public class BuildContext(ICakeContext context) : FrostingContext(context)
{
}

using Cake.Core;

namespace PrivateCloud.Frosting;

/// <summary>The base of a build context: a Cake context that tasks and Cake's aliases accept.</summary>
public class FrostingContext(ICakeContext context) : CakeContextAdapter(context)
{
    /// <summary>The tasks this run executes; set by the host just before the lifetime's Setup.</summary>
    public ExecutionPlan Plan { get; internal set; } = ExecutionPlan.None;
}

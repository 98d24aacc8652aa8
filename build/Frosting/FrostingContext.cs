using Cake.Core;

namespace PrivateCloud.Frosting;

/// <summary>The base of a build context: a Cake context that tasks and Cake's aliases accept.</summary>
public class FrostingContext(ICakeContext context) : CakeContextAdapter(context);

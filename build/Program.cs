using PrivateCloud.Frosting;
using PrivateCloud.Tasks;

return new CakeHost()
    .UseContext<BuildContext>()
    .UseLifetime<BuildLifetime>()
    .UseDefaultTarget("Plan")
    .AddAssembly(typeof(BuildContext).Assembly)
    .Run(args);

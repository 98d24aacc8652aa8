using PrivateCloud.Tasks.Checks.Endpoints;
using PrivateCloud.Tasks.Plumbing.Health;

namespace PrivateCloud.Tasks.Checks.Sources;

/// <summary>What CheckEndpoints, Doctor and Preflight use, made once per run in the lifetime.</summary>
public sealed record HealthServices(EndpointsCheck Endpoints, HealthRunner Runner, HealthOutput Output);

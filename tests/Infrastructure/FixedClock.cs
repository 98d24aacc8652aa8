namespace PrivateCloud.Tests.Infrastructure;

/// <summary>A clock that always answers the same instant.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

using System.Globalization;

namespace O2O.IntegrationTests.Infrastructure;

/// <summary>
/// The app's wall clock in tests: a fixed instant that moves only when a test sets or advances it, so no test depends
/// on when it runs. Each test starts at <see cref="Start"/>: <c>O2O_TEST_NOW</c> (ISO 8601) when set, so CI can run the
/// suite at awkward instants, else <see cref="DefaultStart"/>. Only the wall clock is pinned: timers and timestamps,
/// hence timeouts and delays, still run on real time.
/// </summary>
public sealed class TestClock : TimeProvider
{
    public const string StartVariable = "O2O_TEST_NOW";

    /// <summary>A Wednesday, 10:00 in Paris: an ordinary opening hour on an ordinary day.</summary>
    public static readonly DateTimeOffset DefaultStart = new(2026, 6, 10, 8, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset Start { get; } = ReadStart();

    private readonly Lock _lock = new();
    private DateTimeOffset _now = Start;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock) return _now;
    }

    public void Advance(TimeSpan by)
    {
        lock (_lock) _now += by;
    }

    public void Set(DateTimeOffset now)
    {
        lock (_lock) _now = now.ToUniversalTime();
    }

    public void Reset() => Set(Start);

    private static DateTimeOffset ReadStart()
    {
        var text = Environment.GetEnvironmentVariable(StartVariable);
        if (string.IsNullOrWhiteSpace(text)) return DefaultStart;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var start)
            ? start.ToUniversalTime()
            : throw new InvalidOperationException($"{StartVariable} must be an ISO 8601 instant such as 2026-03-29T00:30:00Z, not '{text}'.");
    }
}

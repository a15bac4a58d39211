namespace O2O.IntegrationTests.Infrastructure;

/// <summary>The app's clock in tests: real time unless a test sets or advances it.</summary>
public sealed class TestClock : TimeProvider
{
    private TimeSpan _offset;
    private DateTimeOffset? _fixed;

    public override DateTimeOffset GetUtcNow() => _fixed ?? base.GetUtcNow() + _offset;

    public void Advance(TimeSpan by)
    {
        if (_fixed is { } f) _fixed = f + by;
        else _offset += by;
    }

    public void Set(DateTimeOffset now) => _fixed = now;

    public void Reset()
    {
        _offset = TimeSpan.Zero;
        _fixed = null;
    }
}

using System.Threading.Channels;

namespace O2O.Application.Staff;

/// <summary>What an open board hears: an order of its store changed, or this instance's feed came up (again) or went down.</summary>
public enum BoardEventType
{
    /// <summary>The feed listens to the database: anything may have changed while it did not, so the board refetches.</summary>
    Live,
    /// <summary>The feed lost the database and is reconnecting: the board may be out of date until the next <see cref="Live"/>.</summary>
    Offline,
    Order,
}

/// <param name="Kind">For an order: placed, arrived, status or changed, as the database trigger names it.</param>
/// <param name="Status">For an order: its status after the change, as stored.</param>
public sealed record BoardEvent(BoardEventType Type, Guid OrderId = default, string? Kind = null, string? Status = null)
{
    public static readonly BoardEvent Live = new(BoardEventType.Live);
    public static readonly BoardEvent Offline = new(BoardEventType.Offline);
}

/// <summary>
/// Fans the database's order changes out to the boards open on this instance, per store (ADR 42). Each board
/// has its own small buffer that drops its oldest event when full: a slow browser never holds up the listener or the
/// other boards, and since a board refetches on any event, a dropped one costs nothing but the cue it carried.
/// </summary>
public sealed class BoardFeed
{
    /// <summary>Events one board may have waiting before the oldest is dropped.</summary>
    public const int BufferPerBoard = 64;

    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, HashSet<Channel<BoardEvent>>> _boards = [];
    private volatile bool _live;

    /// <summary>Whether this instance is listening to the database right now.</summary>
    public bool IsLive => _live;

    public BoardSubscription Subscribe(Guid storeId)
    {
        var channel = Channel.CreateBounded<BoardEvent>(new BoundedChannelOptions(BufferPerBoard)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        lock (_gate)
        {
            if (!_boards.TryGetValue(storeId, out var set)) _boards[storeId] = set = [];
            set.Add(channel);
        }
        // Said after joining, so a feed coming up at this instant is told at least once (twice is harmless).
        if (_live) channel.Writer.TryWrite(BoardEvent.Live);
        return new BoardSubscription(channel.Reader, () => Leave(storeId, channel));
    }

    public void Publish(Guid storeId, BoardEvent change)
    {
        foreach (var channel in BoardsOf(storeId)) channel.Writer.TryWrite(change);
    }

    public void SetLive()
    {
        _live = true;
        foreach (var channel in AllBoards()) channel.Writer.TryWrite(BoardEvent.Live);
    }

    public void SetOffline()
    {
        if (!_live) return;
        _live = false;
        foreach (var channel in AllBoards()) channel.Writer.TryWrite(BoardEvent.Offline);
    }

    /// <summary>Boards open on this instance, for the logs and the tests.</summary>
    public int OpenBoards
    {
        get { lock (_gate) return _boards.Values.Sum(s => s.Count); }
    }

    private Channel<BoardEvent>[] BoardsOf(Guid storeId)
    {
        lock (_gate) return _boards.TryGetValue(storeId, out var set) ? [.. set] : [];
    }

    private Channel<BoardEvent>[] AllBoards()
    {
        lock (_gate) return [.. _boards.Values.SelectMany(s => s)];
    }

    private void Leave(Guid storeId, Channel<BoardEvent> channel)
    {
        lock (_gate)
        {
            if (_boards.TryGetValue(storeId, out var set) && set.Remove(channel) && set.Count == 0) _boards.Remove(storeId);
        }
        channel.Writer.TryComplete();
    }
}

/// <summary>One open board's events; disposing it leaves the feed.</summary>
public sealed class BoardSubscription(ChannelReader<BoardEvent> events, Action leave) : IDisposable
{
    private int _left;

    public ChannelReader<BoardEvent> Events { get; } = events;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _left, 1) == 0) leave();
    }
}

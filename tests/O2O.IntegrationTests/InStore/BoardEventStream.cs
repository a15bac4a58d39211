using System.Net;
using System.Text.Json.Nodes;

namespace O2O.IntegrationTests.InStore;

/// <summary>A board's server-sent event stream, read as a browser's EventSource would: comments skipped, events by name.</summary>
public sealed class BoardEventStream : IAsyncDisposable
{
    /// <summary>Generous: a test waits for what must come, never measures how fast it came.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private BoardEventStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public static string PathFor(Guid storeId) => $"/api/v1/staff/stores/{storeId}/board/events";

    /// <summary>Opens the stream and waits for <c>live</c>: from then on the instance hears every committed change.</summary>
    public static async Task<BoardEventStream> OpenAsync(HttpClient client, Guid storeId)
    {
        var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, PathFor(storeId)), HttpCompletionOption.ResponseHeadersRead);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/event-stream");
        var stream = new BoardEventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
        await stream.NextAsync("live");
        return stream;
    }

    /// <summary>The next event named <paramref name="name"/> (matching <paramref name="where"/>), skipping the others.</summary>
    public async Task<JsonNode> NextAsync(string name, Func<JsonNode, bool>? where = null)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var (type, data) = await ReadEventAsync(timeout.Token);
            if (type == name && (where is null || where(data))) return data;
        }
    }

    /// <summary>The next event about <paramref name="orderId"/> whose kind (and status, if given) match, skipping the others.</summary>
    public Task<JsonNode> NextOrderAsync(string orderId, string kind, string? status = null) =>
        NextAsync("order", e => (string)e["orderId"]! == orderId && (string)e["kind"]! == kind && (status is null || (string)e["status"]! == status));

    /// <summary>The next comment line (what keeps an idle stream open through proxies), skipping events.</summary>
    public async Task<string> NextCommentAsync()
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token) ?? throw new EndOfStreamException("The board's event stream ended.");
            if (line.StartsWith(':')) return line;
        }
    }

    /// <summary>The next event of any name.</summary>
    public async Task<(string Type, JsonNode Data)> ReadEventAsync(CancellationToken ct)
    {
        string? type = null;
        var data = "";
        while (true)
        {
            var line = await _reader.ReadLineAsync(ct) ?? throw new EndOfStreamException("The board's event stream ended.");
            if (line.Length == 0)
            {
                if (type is not null || data.Length > 0) return (type ?? "message", JsonNode.Parse(data)!);
                continue;
            }
            if (line.StartsWith(':')) continue;
            if (line.StartsWith("event: ", StringComparison.Ordinal)) type = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data += line["data: ".Length..];
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}

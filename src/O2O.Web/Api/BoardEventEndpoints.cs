using System.Text;
using System.Text.Json;
using Mediator;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using O2O.Application.Localization;
using O2O.Application.Staff;
using O2O.Infrastructure.Live;
using O2O.Web.Infrastructure;

namespace O2O.Web.Api;

/// <summary>The board's live feed: server-sent events telling an open board that an order of its store changed (ADR 42).</summary>
public static class BoardEventEndpoints
{
    public const string ContentType = "text/event-stream";

    /// <summary>Under the staff group, so the same sign-in (cookie or bearer) and roles apply as for the board's data.</summary>
    public static void MapBoardEvents(this RouteGroupBuilder staff) =>
        staff.MapGet("/stores/{storeId:guid}/board/events", async (Guid storeId, HttpContext http, ISender sender, CancellationToken ct) =>
                await sender.Send(new WatchStoreBoard(storeId, http.User.ToActor()), ct)
                    ? new BoardEventStream(storeId)
                    : ErrorResults.NotFound(Messages.NotFound_Store))
            .WithName("StreamBoardEvents")
            .WithSummary("Server-sent events for a store's board: `order` ({orderId, kind, status}) when one of its orders changes, " +
                         "`live` when this instance listens to the database (refetch the board), `offline` while it reconnects. Staff see only their stores.")
            .Produces<string>(StatusCodes.Status200OK, ContentType)
            .ProducesProblem(StatusCodes.Status404NotFound);

    private sealed class BoardEventStream(Guid storeId) : IResult
    {
        private static readonly byte[] KeepAlive = Encoding.UTF8.GetBytes(": keep-alive\n\n");

        public async Task ExecuteAsync(HttpContext http)
        {
            var feed = http.RequestServices.GetRequiredService<BoardFeed>();
            var keepAlive = TimeSpan.FromSeconds(http.RequestServices.GetRequiredService<IOptions<LiveBoardOptions>>().Value.KeepAliveSeconds);
            // The stream ends when the browser goes or the app stops; a host waiting for open streams would never stop.
            using var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted,
                http.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
            // Joined before the first byte: once the client sees the response, it misses nothing that follows.
            using var subscription = feed.Subscribe(storeId);

            var response = http.Response;
            response.ContentType = ContentType;
            response.Headers.CacheControl = "no-store";
            // nginx and some other proxies buffer responses unless told not to; a buffered event arrives too late.
            response.Headers["X-Accel-Buffering"] = "no";
            http.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();
            try
            {
                // The browser reconnects after 3 s when the stream breaks (its default differs by browser).
                await response.Body.WriteAsync("retry: 3000\n\n"u8.ToArray(), ended.Token);
                await response.Body.FlushAsync(ended.Token);
                while (await NextAsync(subscription.Events, response.Body, keepAlive, ended.Token))
                {
                    while (subscription.Events.TryRead(out var change)) await response.Body.WriteAsync(Frame(change), ended.Token);
                    await response.Body.FlushAsync(ended.Token);
                }
            }
            catch (OperationCanceledException) when (ended.IsCancellationRequested)
            {
                // The browser left or the app is stopping: nothing to answer.
            }
        }

        /// <summary>Waits for an event; on a quiet stream writes a comment every <paramref name="keepAlive"/> so proxies keep it open.</summary>
        private static async Task<bool> NextAsync(System.Threading.Channels.ChannelReader<BoardEvent> events, Stream body, TimeSpan keepAlive,
            CancellationToken ended)
        {
            while (true)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ended);
                quiet.CancelAfter(keepAlive);
                try
                {
                    return await events.WaitToReadAsync(quiet.Token);
                }
                catch (OperationCanceledException) when (!ended.IsCancellationRequested)
                {
                    await body.WriteAsync(KeepAlive, ended);
                    await body.FlushAsync(ended);
                }
            }
        }

        private static byte[] Frame(BoardEvent change) => Encoding.UTF8.GetBytes(change.Type switch
        {
            BoardEventType.Order => $"event: order\ndata: {JsonSerializer.Serialize(new { orderId = change.OrderId, kind = change.Kind, status = change.Status })}\n\n",
            BoardEventType.Live => "event: live\ndata: {}\n\n",
            _ => "event: offline\ndata: {}\n\n",
        });
    }
}

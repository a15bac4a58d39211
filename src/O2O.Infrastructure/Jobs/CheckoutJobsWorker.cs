using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using O2O.Application.Jobs;

namespace O2O.Infrastructure.Jobs;

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    public bool Enabled { get; set; } = true;

    [System.ComponentModel.DataAnnotations.Range(1, 3600)]
    public int IntervalSeconds { get; set; } = 15;
}

/// <summary>
/// Runs the checkout's timed work: expiring unpaid holds, handling no-shows, queueing pickup reminders and purging old idempotency records. Every instance runs it;
/// the handlers claim orders with SKIP LOCKED, so none is processed twice.
/// </summary>
public sealed class CheckoutJobsWorker(IServiceScopeFactory scopes, IOptions<JobsOptions> options, ILogger<CheckoutJobsWorker> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.IntervalSeconds));
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var sender = scope.ServiceProvider.GetRequiredService<ISender>();
                var expired = await sender.Send(new ExpireHolds(), stoppingToken);
                var noShows = await sender.Send(new HandleNoShows(), stoppingToken);
                var reminders = await sender.Send(new SendPickupReminders(), stoppingToken);
                var purged = await sender.Send(new PurgeIdempotencyRecords(), stoppingToken);
                var lapsed = await sender.Send(new ExpireLoyaltyPoints(), stoppingToken);
                await sender.Send(new O2O.Application.Promotions.PurgePromoAttempts(), stoppingToken);
                if (lapsed > 0) logger.LogInformation("Expired the points of {Lapsed} earnings", lapsed);
                if (expired + noShows + reminders + purged > 0)
                    logger.LogInformation("Expired {Expired} holds, handled {NoShows} no-shows, queued {Reminders} reminders, purged {Purged} idempotency records",
                        expired, noShows, reminders, purged);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A failed round is retried on the next tick; the worker must not die.
                logger.LogError(ex, "Checkout jobs round failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

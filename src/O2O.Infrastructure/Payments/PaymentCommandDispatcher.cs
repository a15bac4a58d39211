using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using O2O.Application.Payments;

namespace O2O.Infrastructure.Payments;

/// <summary>
/// Sends the payment commands (refunds, voids, captures) that the request which wrote them did not finish: the provider
/// was down, slow or refused, or the instance died. Every instance runs it; commands are claimed with a lease and
/// SKIP LOCKED, so none is sent by two at once (ADR 14).
/// </summary>
public sealed class PaymentCommandDispatcher(IServiceScopeFactory scopes, IOptions<PaymentOptions> options, ILogger<PaymentCommandDispatcher> logger)
    : BackgroundService
{
    /// <summary>One round: returns how many commands it tried.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken ct)
    {
        var tried = 0;
        int round;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            round = await scope.ServiceProvider.GetRequiredService<PaymentCommandSender>().SendDueAsync(ct);
            tried += round;
        }
        while (round == PaymentCommandSender.BatchSize && !ct.IsCancellationRequested);
        return tried;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatcherEnabled) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.DispatchIntervalSeconds));
        do
        {
            try
            {
                await DispatchOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may be down: the next tick tries again, and leases keep claimed commands safe meanwhile.
                logger.LogError(ex, "Payment command dispatch round failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

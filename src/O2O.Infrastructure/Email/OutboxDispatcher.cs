using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using O2O.Infrastructure.Data;

namespace O2O.Infrastructure.Email;

/// <summary>
/// Sends what the outbox holds. Each round claims due emails with FOR UPDATE SKIP LOCKED, so two app
/// instances never take the same one; a failure is retried later with backoff.
/// </summary>
public sealed class OutboxDispatcher(IServiceScopeFactory scopes, EmailTransport transport, TimeProvider clock,
    IOptions<EmailOptions> options, ILogger<OutboxDispatcher> logger) : BackgroundService
{
    public const int BatchSize = 20;

    /// <summary>One round: returns how many emails were sent.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var metrics = scope.ServiceProvider.GetRequiredService<O2O.Application.Diagnostics.O2OMetrics>();
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow();
        var due = await db.Emails
            .FromSql($"""
                SELECT * FROM outbox_emails
                WHERE sent_at IS NULL AND NOT failed AND next_attempt_at <= {now}
                ORDER BY id
                LIMIT {BatchSize}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(ct);

        var sent = 0;
        foreach (var email in due)
        {
            try
            {
                await transport.SendAsync(email, ct);
                email.MarkSent(clock.GetUtcNow());
                sent++;
                metrics.EmailSent(email.Kind);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                email.MarkFailedAttempt(ex.Message, clock.GetUtcNow());
                metrics.EmailFailed(email.Kind);
                // Never the address: logs are kept longer and read by more people than the outbox row that has it.
                logger.LogWarning("Email {EmailId} ({Kind}) for order {OrderId} failed, attempt {Attempt}: {Error}",
                    email.Id, email.Kind, email.OrderId, email.Attempts, PersonalData.Redact(ex.Message));
            }
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return sent;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.DispatcherEnabled) return;
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.DispatchIntervalSeconds));
        do
        {
            try
            {
                while (await DispatchOnceAsync(stoppingToken) == BatchSize) { }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Outbox dispatch round failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}

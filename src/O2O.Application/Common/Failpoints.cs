using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace O2O.Application.Common;

/// <summary>
/// Named points in the code where the fault-injection suite stops the process on purpose (like TiKV's or FoundationDB's
/// failpoints): with <c>Failpoints:Hang</c> listing a name, the request reaching it logs the name and waits forever, so a
/// test can SIGKILL the process exactly there. Nothing is configured in any shipped setting, and then this does nothing.
/// </summary>
public sealed class Failpoints(IConfiguration configuration, ILogger<Failpoints> logger)
{
    /// <summary>Right after the place-order transaction commits, before the payment starts and before the answer.</summary>
    public const string PlaceOrderAfterCommit = "place-order-after-commit";

    private readonly HashSet<string> _hang = new(
        (configuration["Failpoints:Hang"] ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        StringComparer.OrdinalIgnoreCase);

    public async Task HitAsync(string name, CancellationToken ct)
    {
        if (!_hang.Contains(name)) return;
        logger.LogWarning("Failpoint {Failpoint} reached: hanging until the process is killed", name);
        await Task.Delay(Timeout.Infinite, ct);
    }
}

using Mediator;
using O2O.Application.Diagnostics;

namespace O2O.Web.Pages.Admin;

public sealed class DiagnosticsModel(ISender sender) : AdminPage(sender)
{
    public InvariantReport Report { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct) => Report = await Sender.Send(new CheckInvariants(), ct);
}

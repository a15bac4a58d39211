using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Admin;
using O2O.Application.Common;

namespace O2O.Web.Pages.Admin;

public sealed class AuditModel(ISender sender, AuditReading reading) : AdminPage(sender)
{
    [BindProperty(SupportsGet = true)] public string? Actor { get; set; }
    [BindProperty(SupportsGet = true)] public string? Action { get; set; }
    [BindProperty(SupportsGet = true)] public string? EntityType { get; set; }

    public PagedResult<AuditEntryView> Entries { get; private set; } = new([], 1, 100, 0);

    public AuditReading Reading => reading;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Entries = await Sender.Send(new ListAuditEntries(Actor, Action, EntityType, PageSize: 100), ct);
        await reading.LoadNamesAsync(Entries.Items, ct);
    }
}

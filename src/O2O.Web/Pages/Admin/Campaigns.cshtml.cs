using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Localization;
using O2O.Application.Marketing;
using O2O.Web.Api;
using O2O.Web.Infrastructure;

namespace O2O.Web.Pages.Admin;

/// <summary>Campaigns (ADR 55): the same use cases as /api/v1/admin/campaigns.</summary>
public sealed class CampaignsModel(ISender sender) : AdminPage(sender)
{
    [BindProperty] public CampaignInput Input { get; set; } = new();

    public sealed class CampaignInput
    {
        public string? Name { get; set; }
        public Guid? PromotionId { get; set; }
        public Guid? StoreId { get; set; }
        public int? RadiusKm { get; set; }
    }

    public IReadOnlyList<CampaignView> Campaigns { get; private set; } = [];
    public CampaignChoices Choices { get; private set; } = new([], []);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear(); // the use case's validator speaks for the fields, by their API names
        var created = await TrySendAsync(new CreateCampaign(Input.Name, Input.PromotionId, Input.StoreId, Input.RadiusKm, User.ToActor()), ct);
        if (created is not null) return Done(Localization.Admin.Campaigns_Created, "/admin/campaigns");
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostSendAsync(Guid id, CancellationToken ct)
    {
        ModelState.Clear();
        var sent = await TrySendAsync(new SendCampaign(id, MarketingEndpoints.SiteBaseUrl(Request), User.ToActor()), ct);
        if (sent is not null)
            return Done(Plural.Format(Localization.Admin.ResourceManager, nameof(Localization.Admin.Campaigns_Sent_other), sent.Sent), "/admin/campaigns");
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>When it was sent, on the invited store's clock, or in UTC for a campaign for every store.</summary>
    public static string When(CampaignView c, DateTimeOffset at) =>
        Formats.Moment(c.StoreTimeZone is { } zone ? Formats.InZone(at, TimeZoneInfo.FindSystemTimeZoneById(zone)) : at.ToUniversalTime());

    private async Task LoadAsync(CancellationToken ct)
    {
        Campaigns = await Sender.Send(new ListCampaigns(), ct);
        Choices = await Sender.Send(new ListCampaignChoices(), ct);
    }
}

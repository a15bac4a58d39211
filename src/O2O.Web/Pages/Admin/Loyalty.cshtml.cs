using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Loyalty;
using O2O.Web.Infrastructure;

namespace O2O.Web.Pages.Admin;

/// <summary>The programme's rules: the same use cases as GET and PUT /api/v1/admin/loyalty.</summary>
public sealed class LoyaltyModel(ISender sender) : AdminPage(sender)
{
    [BindProperty] public ProgramInput Input { get; set; } = new();

    public sealed class ProgramInput
    {
        public bool Enabled { get; set; }
        public int? EarnPointsPerUnit { get; set; }
        public int? PointsPerUnitSpent { get; set; }
        public int? MaxSharePercent { get; set; }
        public int? ExpiryMonths { get; set; }
    }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var p = await Sender.Send(new GetLoyaltyProgram(), ct);
        Input = new ProgramInput
        {
            Enabled = p.Enabled, EarnPointsPerUnit = p.EarnPointsPerUnit, PointsPerUnitSpent = p.PointsPerUnitSpent,
            MaxSharePercent = p.MaxSharePercent, ExpiryMonths = p.ExpiryMonths,
        };
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        ModelState.Clear(); // the use case's validator speaks for the fields, by their API names
        await this.SendOrReportAsync<LoyaltyProgram>(Sender, new UpdateLoyaltyProgram(Input.Enabled, Input.EarnPointsPerUnit,
            Input.PointsPerUnitSpent, Input.MaxSharePercent, Input.ExpiryMonths, User.ToActor()), ct);
        return ModelState.IsValid ? Done(Localization.Admin.Loyalty_Saved, "/admin/loyalty") : Page();
    }
}

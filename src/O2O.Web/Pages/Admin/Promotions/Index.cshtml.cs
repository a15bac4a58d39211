using Mediator;
using O2O.Application.Common;
using O2O.Application.Promotions;

namespace O2O.Web.Pages.Admin.Promotions;

/// <summary>Every promotion with its uses and state: the same use case as GET /api/v1/admin/promotions.</summary>
public sealed class IndexModel(ISender sender) : AdminPage(sender)
{
    public PagedResult<PromotionView> Promotions { get; private set; } = new([], 1, 50, 0);

    public async Task OnGetAsync(int? page, CancellationToken ct) =>
        Promotions = await Sender.Send(new ListPromotions(Math.Clamp(page ?? 1, 1, InputBounds.MaxPage)), ct);
}

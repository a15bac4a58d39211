using Mediator;
using Microsoft.AspNetCore.Mvc;
using O2O.Application.Admin;
using O2O.Application.Stores;
using O2O.Web.Infrastructure;

namespace O2O.Web.Pages.Admin;

public sealed class UsersModel(ISender sender) : AdminPage(sender)
{
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }

    public IReadOnlyList<AdminUser> Users { get; private set; } = [];
    public IReadOnlyList<StoreSummary> Stores { get; private set; } = [];

    /// <summary>The account an admin asked to disable, shown with what that does before it is done (no script needed).</summary>
    public AdminUser? ConfirmingDisable { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Users = await Sender.Send(new ListUsers(Search), ct);
        Stores = (await Sender.Send(new ListStores(), ct)).OrderBy(s => s.Code).ToList();
    }

    public async Task<IActionResult> OnPostInviteAsync(string? email, string? name, List<string>? roles, List<Guid>? storeIds, CancellationToken ct)
    {
        var user = await TrySendAsync(new InviteUser(email, name, roles ?? [], storeIds ?? [], $"{Request.Scheme}://{Request.Host}", User.ToActor()), ct);
        if (user is null)
        {
            await OnGetAsync(ct);
            return Page();
        }
        return Done($"Invited {user.Email}: they get an email to choose a password.", "/admin/users");
    }

    public async Task<IActionResult> OnPostAccessAsync(string userId, List<string>? roles, List<Guid>? storeIds, CancellationToken ct)
    {
        var user = await TrySendAsync(new UpdateUserAccess(userId, roles ?? [], storeIds ?? [], User.ToActor()), ct);
        if (user is null)
        {
            await OnGetAsync(ct);
            return Page();
        }
        return Done($"Saved {user.Email}.", "/admin/users");
    }

    public async Task<IActionResult> OnPostDisableAsync(string userId, bool disabled, bool confirmed, CancellationToken ct)
    {
        if (disabled && !confirmed)
        {
            await OnGetAsync(ct);
            ConfirmingDisable = Users.FirstOrDefault(u => u.Id == userId);
            return ConfirmingDisable is null ? NotFound() : Page();
        }
        var user = await TrySendAsync(new SetUserDisabled(userId, disabled, User.ToActor()), ct);
        if (user is null)
        {
            await OnGetAsync(ct);
            return Page();
        }
        return Done($"{user.Email} is {(user.Disabled ? "disabled" : "enabled")}.", "/admin/users");
    }
}

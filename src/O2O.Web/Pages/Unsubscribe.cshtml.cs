using Mediator;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using O2O.Application.Marketing;

namespace O2O.Web.Pages;

/// <summary>
/// The signed unsubscribe link of a marketing email (ADR 55), without sign-in. GET only asks: mail scanners and link
/// previews open links, and must not unsubscribe anyone. POST, from the page's button or the mail client's one-click
/// (RFC 8058, body <c>List-Unsubscribe=One-Click</c>), unsubscribes and answers 200. The signed token is what authorises
/// the POST, so it takes no antiforgery token: a mail client has none, and a forged cross-site POST would need the token.
/// </summary>
[IgnoreAntiforgeryToken]
public sealed class UnsubscribeModel(ISender sender) : PageModel
{
    public enum Step { Ask, Done, Invalid }

    [BindProperty(SupportsGet = true, Name = "t")] public string? Token { get; set; }

    public Step State { get; private set; }
    public bool AlreadyUnsubscribed { get; private set; }

    /// <summary>The link's own query (token and language), so the button's answer reads in the same language as the question.</summary>
    public string LinkQuery => QueryString.Create(Request.Query.Where(q => q.Key is "t" or "culture")
        .Select(q => new KeyValuePair<string, string?>(q.Key, q.Value.ToString()))).ToString();

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await sender.Send(new ReadUnsubscribeLink(Token), ct) is not { } link) return Invalid();
        AlreadyUnsubscribed = link.AlreadyUnsubscribed;
        State = Step.Ask;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await sender.Send(new Unsubscribe(Token), ct);
        if (!result.IsSuccess) return Invalid();
        State = Step.Done;
        return Page();
    }

    private PageResult Invalid()
    {
        State = Step.Invalid;
        var page = Page();
        page.StatusCode = StatusCodes.Status400BadRequest;
        return page;
    }
}

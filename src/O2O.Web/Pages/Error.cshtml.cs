using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Texts = O2O.Web.Localization.Account;

namespace O2O.Web.Pages;

[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = Texts.Error_Title;
    public string Message { get; private set; } = Texts.Error_Message;

    // Without a code in the route, this is the exception handler's re-execution, which set the status already.
    public void OnGet(int? code) => Describe(code ?? Response.StatusCode);
    public void OnPost(int? code) => Describe(code ?? Response.StatusCode);

    private void Describe(int code)
    {
        if (code == 503)
        {
            Title = Texts.Error_UnavailableTitle;
            Message = Texts.Error_UnavailableMessage;
        }
        else if (code == 404)
        {
            Title = Texts.Error_NotFoundTitle;
            Message = Texts.Error_NotFoundMessage;
        }
        else if (code == 429)
        {
            Title = Texts.Error_TooManyTitle;
            // The limiter set Retry-After before this page was re-executed in its place.
            Message = int.TryParse(Response.Headers.RetryAfter, out var seconds)
                ? O2O.Web.Infrastructure.ErrorMessages.TooManyRequests(seconds)
                : O2O.Web.Infrastructure.ErrorMessages.TooManyRequests(60);
        }
        else if (code is >= 400 and < 500)
        {
            Title = Texts.Error_BadRequestTitle;
            Message = Texts.Error_BadRequestMessage;
        }
    }
}

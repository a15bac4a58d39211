using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace O2O.Web.Pages;

[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";
    public string Message { get; private set; } = "We could not finish that. Please try again in a moment.";

    // Without a code in the route, this is the exception handler's re-execution, which set the status already.
    public void OnGet(int? code) => Describe(code ?? Response.StatusCode);
    public void OnPost(int? code) => Describe(code ?? Response.StatusCode);

    private void Describe(int code)
    {
        if (code == 503)
        {
            Title = "We are briefly unavailable";
            Message = "Nothing was changed. Please try again in a moment.";
        }
        else if (code == 404)
        {
            Title = "Page not found";
            Message = "That page does not exist, or it has moved.";
        }
        else if (code == 429)
        {
            Title = "Too many attempts";
            // The limiter set Retry-After before this page was re-executed in its place.
            Message = int.TryParse(Response.Headers.RetryAfter, out var seconds)
                ? O2O.Web.Infrastructure.ErrorMessages.TooManyRequests(seconds)
                : O2O.Web.Infrastructure.ErrorMessages.TooManyRequests(60);
        }
        else if (code is >= 400 and < 500)
        {
            Title = "That request could not be handled";
            Message = "Check the address or the form and try again.";
        }
    }
}

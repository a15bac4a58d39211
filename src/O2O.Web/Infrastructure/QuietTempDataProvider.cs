using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace O2O.Web.Infrastructure;

/// <summary>
/// The cookie TempData provider, minus one habit: a page that merely reads TempData makes the stock provider send a
/// Set-Cookie deleting a cookie the browser never had, and a response with a cookie is never cached (ADR 13).
/// </summary>
public sealed class QuietTempDataProvider(CookieTempDataProvider inner, IOptions<CookieTempDataProviderOptions> options) : ITempDataProvider
{
    public IDictionary<string, object> LoadTempData(HttpContext context) => inner.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        if (values.Count == 0 && !context.Request.Cookies.ContainsKey(options.Value.Cookie.Name!)) return;
        inner.SaveTempData(context, values);
    }
}

using System.Diagnostics;
using System.Text.Json;
using Microsoft.Playwright;

namespace O2O.BrowserTests.Infrastructure;

/// <summary>axe-core from npm (tests/O2O.BrowserTests/axe), injected into a page to find accessibility violations.</summary>
public static class Axe
{
    /// <summary>The path of axe.min.js, running <c>npm ci</c> in <paramref name="folder"/> first when it is missing.</summary>
    public static async Task<string> EnsureInstalledAsync(string folder)
    {
        var script = Path.Combine(folder, "node_modules", "axe-core", "axe.min.js");
        if (File.Exists(script)) return script;

        var psi = new ProcessStartInfo("npm") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "ci", "--no-audit", "--no-fund" }) psi.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(psi)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException(
                $"The browser tests need axe-core in {folder}/node_modules and npm to install it. Install Node.js and npm " +
                $"(Debian/Ubuntu: apt-get install npm), or run `npm ci` in {folder}.");
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0 || !File.Exists(script))
                throw new InvalidOperationException($"`npm ci` in {folder} failed ({process.ExitCode}): {await stderr}{await stdout}");
        }
        return script;
    }

    /// <summary>Where pages load axe from: a same-origin address that <see cref="ServeAsync"/> answers inside the browser.</summary>
    private const string ScriptUrl = "/__browser-tests/axe.min.js";

    /// <summary>
    /// Serves axe.min.js to the context's pages from the test's disk, never from the app. The pages' CSP
    /// (script-src 'self') refuses an inline copy (AddScriptTag with a path), and the tests keep that CSP on
    /// so they see what a shopper's browser would refuse.
    /// </summary>
    public static Task ServeAsync(IBrowserContext context, string axeScript) =>
        context.RouteAsync("**" + ScriptUrl, route => route.FulfillAsync(new RouteFulfillOptions { Path = axeScript, ContentType = "text/javascript" }));

    /// <summary>Runs axe on the page and returns its serious and critical violations, one readable line each.</summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(IPage page)
    {
        await page.AddScriptTagAsync(new PageAddScriptTagOptions { Url = ScriptUrl });
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.impact} ${v.id}: ${v.help} (${v.helpUrl})\n` +
                          v.nodes.map(n => `    at ${n.target.join(' ')}: ${n.failureSummary.replaceAll('\n', ' ')}`).join('\n'));
            }
            """);
        return violations.EnumerateArray().Select(v => v.GetString()!).ToList();
    }
}

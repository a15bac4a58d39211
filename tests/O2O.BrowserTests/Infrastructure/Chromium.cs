namespace O2O.BrowserTests.Infrastructure;

/// <summary>The machine's Chromium: O2O_CHROMIUM if set, else the Debian/Ubuntu package's binary.</summary>
public static class Chromium
{
    private static readonly string[] KnownPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    private const string HowToInstall =
        "Install Chromium (Debian/Ubuntu: apt-get install chromium) or set O2O_CHROMIUM to a Chromium or Chrome binary; " +
        "the browser tests never download a browser (no `playwright install`).";

    public static string Find()
    {
        var configured = Environment.GetEnvironmentVariable("O2O_CHROMIUM");
        if (!string.IsNullOrWhiteSpace(configured))
            return File.Exists(configured)
                ? configured
                : throw new InvalidOperationException($"The browser tests need Chromium, but O2O_CHROMIUM={configured} does not exist. {HowToInstall}");
        return KnownPaths.FirstOrDefault(File.Exists) ?? throw new InvalidOperationException(
            $"The browser tests need Chromium and found none in {string.Join(", ", KnownPaths)}. {HowToInstall}");
    }
}

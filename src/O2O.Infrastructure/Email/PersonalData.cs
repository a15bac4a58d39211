using System.Text.RegularExpressions;

namespace O2O.Infrastructure.Email;

/// <summary>Keeps a mail server's error text fit for the logs: servers quote the recipient's address back.</summary>
public static partial class PersonalData
{
    [GeneratedRegex(@"[^\s<>""'(),;:]+@[^\s<>""'(),;:]+")]
    private static partial Regex EmailAddress();

    public static string Redact(string text) => EmailAddress().Replace(text, "[email]");
}

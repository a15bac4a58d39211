using System.Globalization;
using System.Text;
using O2O.Application.Localization;

namespace O2O.Application.Notifications;

/// <summary>
/// Emails to the people who run the stores. The invitation is written in the inviting admin's language: the new
/// account has none yet, and the admin usually shares a language with the team they invite.
/// </summary>
public static class StaffEmails
{
    public static OutboxEmail Invitation(string to, string name, IEnumerable<string> roles, string setPasswordLink, DateTimeOffset now)
    {
        var body = new StringBuilder()
            .AppendLine(Text(Emails.Invite_Greeting, name)).AppendLine()
            .AppendLine(Text(Emails.Invite_Account, string.Join(", ", roles)))
            .AppendLine(Text(Emails.Invite_ChoosePassword, setPasswordLink)).AppendLine()
            .AppendLine(Emails.Email_Signature);
        return new OutboxEmail(to, Emails.Invite_Subject, body.ToString(), "invite", null, now);
    }

    private static string Text(string format, params object?[] args) => string.Format(CultureInfo.CurrentCulture, format, args);
}

using FluentValidation;

namespace O2O.Application.Common;

public static class EmailRules
{
    /// <summary>
    /// One mailbox and nothing a mail header could split on. FluentValidation's EmailAddress only counts the @, so
    /// "a@b.test\r\nBcc: …", "a@b.test, c" or "Name &lt;a@b.test&gt;" passed and became the To header of every email.
    /// </summary>
    public static IRuleBuilderOptions<T, string?> MailboxAddress<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Matches(@"^[^\s@<>()\[\]\\,;:""\p{C}]+@[^\s@<>()\[\]\\,;:""\p{C}]+$");
}

namespace O2O.Application.Notifications;

/// <summary>
/// An email waiting to be sent. It is written in the same transaction as the state change that causes it,
/// so a committed change always gets its email and a rolled-back one never does.
/// </summary>
public sealed class OutboxEmail
{
    private OutboxEmail() { }

    public OutboxEmail(string to, string subject, string body, string kind, Guid? orderId, DateTimeOffset now)
    {
        To = to;
        Subject = subject;
        Body = body;
        Kind = kind;
        OrderId = orderId;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    public long Id { get; private set; }
    public string To { get; private set; } = "";
    public string Subject { get; private set; } = "";
    public string Body { get; private set; } = "";
    public string Kind { get; private set; } = "";
    public Guid? OrderId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }
    /// <summary>Given up after too many attempts; kept for an operator to look at.</summary>
    public bool Failed { get; private set; }

    /// <summary>
    /// A marketing email's signed unsubscribe address: sent as <c>List-Unsubscribe</c> with <c>List-Unsubscribe-Post</c>,
    /// so a mail client's own button unsubscribes in one click (RFC 8058). Null for the emails about an order.
    /// </summary>
    public string? UnsubscribeUrl { get; private set; }

    /// <summary>The account a marketing email was sent to, so their download lists it and their deletion erases it (ADR 55).</summary>
    public string? UserId { get; private set; }

    public const int MaxAttempts = 8;

    /// <summary>A marketing email to an account: it carries the account's signed unsubscribe address.</summary>
    public OutboxEmail ForAccount(string userId, string unsubscribeUrl)
    {
        UserId = userId;
        return WithUnsubscribeUrl(unsubscribeUrl);
    }

    public OutboxEmail WithUnsubscribeUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
            throw new ArgumentException("An unsubscribe address is an absolute http(s) URL.", nameof(url));
        UnsubscribeUrl = url;
        return this;
    }

    public void MarkSent(DateTimeOffset at)
    {
        SentAt = at;
        Attempts++;
        LastError = null;
    }

    /// <summary>Exponential backoff: 30 s, 1 min, 2 min, … up to an hour.</summary>
    public void MarkFailedAttempt(string error, DateTimeOffset at)
    {
        Attempts++;
        LastError = error.Length > 500 ? error[..500] : error;
        if (Attempts >= MaxAttempts) Failed = true;
        NextAttemptAt = at + TimeSpan.FromSeconds(Math.Min(3600, 30 * Math.Pow(2, Attempts - 1)));
    }
}

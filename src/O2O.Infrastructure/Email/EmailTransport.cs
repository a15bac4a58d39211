using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using O2O.Application.Notifications;

namespace O2O.Infrastructure.Email;

/// <summary>Sends one outbox email: through SMTP (MailKit) when configured, else into the pickup folder as .eml.</summary>
public sealed class EmailTransport(IOptions<EmailOptions> options)
{
    public async Task SendAsync(OutboxEmail email, CancellationToken ct)
    {
        var o = options.Value;
        var message = new MimeMessage
        {
            // A stable Message-Id lets a receiver drop the copy if a crash between send and commit causes a resend.
            MessageId = $"outbox-{email.Id}@o2o",
            Subject = email.Subject,
            Body = new TextPart("plain") { Text = email.Body },
        };
        message.From.Add(new MailboxAddress(o.FromName, o.From));
        message.To.Add(MailboxAddress.Parse(email.To));
        if (email.UnsubscribeUrl is { } unsubscribe)
        {
            // RFC 8058: the client POSTs "List-Unsubscribe=One-Click" to the URL, which carries the signed token.
            message.Headers.Add(HeaderId.ListUnsubscribe, $"<{unsubscribe}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        if (!o.UsesSmtp)
        {
            Directory.CreateDirectory(o.PickupDirectory);
            await message.WriteToAsync(Path.Combine(o.PickupDirectory, $"{email.CreatedAt:yyyyMMddHHmmss}-{email.Id}.eml"), ct);
            return;
        }

        using var smtp = new SmtpClient();
        await smtp.ConnectAsync(o.SmtpHost!, o.SmtpPort, o.UseStartTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(o.Username)) await smtp.AuthenticateAsync(o.Username, o.Password ?? "", ct);
        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(true, ct);
    }
}

using System.ComponentModel.DataAnnotations;

namespace O2O.Infrastructure.Email;

/// <summary>With an SMTP host, mail goes out through it; without one, each email is written as an .eml file.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    [Required, EmailAddress]
    public string From { get; set; } = "orders@o2o.test";

    public string FromName { get; set; } = "O2O click & collect";

    public string? SmtpHost { get; set; }

    [Range(1, 65535)]
    public int SmtpPort { get; set; } = 587;

    /// <summary>STARTTLS when the server offers it; set false only for a local test server.</summary>
    public bool UseStartTls { get; set; } = true;

    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>Where .eml files go when no SMTP host is set.</summary>
    public string PickupDirectory { get; set; } = ".local/mail";

    public bool DispatcherEnabled { get; set; } = true;

    [Range(1, 3600)]
    public int DispatchIntervalSeconds { get; set; } = 5;

    public bool UsesSmtp => !string.IsNullOrWhiteSpace(SmtpHost);
}

using FluentValidation;
using Mediator;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Application.Localization;

namespace O2O.Application.Marketing;

/// <summary>
/// A signed-in shopper says yes or no to marketing emails: on the registration form (unticked unless they tick it), on the
/// account page, or through <c>PUT /api/v1/me/marketing-consent</c>. The answer and its history are kept (ADR 55).
/// </summary>
public sealed record SetMarketingConsent(string UserId, bool? Given, ConsentSource Source) : ICommand<Result<MarketingConsentView>>;

public sealed class SetMarketingConsentValidator : AbstractValidator<SetMarketingConsent>
{
    public SetMarketingConsentValidator()
    {
        RuleFor(x => x.Given).NotNull().WithMessage(_ => Messages.Marketing_ConsentRequired).OverridePropertyName("given");
        // Unsubscribing goes through its signed link (Unsubscribe), which says which account: not through this door.
        RuleFor(x => x.Source).IsInEnum().NotEqual(ConsentSource.Unsubscribe).OverridePropertyName("source");
    }
}

public sealed class SetMarketingConsentHandler(IAppDbContext db, TimeProvider clock) : ICommandHandler<SetMarketingConsent, Result<MarketingConsentView>>
{
    public async ValueTask<Result<MarketingConsentView>> Handle(SetMarketingConsent command, CancellationToken ct)
    {
        var written = await MarketingConsentSql.RecordAsync(db, command.UserId, command.Given!.Value, command.Source, null, clock.GetUtcNow(), ct);
        if (written == ConsentWrite.UnknownAccount) return Error.NotFound(Messages.NotFound_Account);
        return await GetMarketingConsentHandler.ReadAsync(db, command.UserId, ct);
    }
}

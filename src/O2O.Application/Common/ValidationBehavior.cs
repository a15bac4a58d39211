using FluentValidation;
using Mediator;

namespace O2O.Application.Common;

/// <summary>
/// Rejects invalid input before any handler runs. The messages are in the caller's language: FluentValidation's own come
/// from its LanguageManager, which reads <see cref="System.Globalization.CultureInfo.CurrentUICulture"/> when no culture
/// is fixed (none is), and ours and the field names are read from Messages.resx when a rule fails, never when the
/// singleton validator is built (ADR 30e).
/// </summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next,
        CancellationToken cancellationToken)
    {
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            if (!result.IsValid) throw new ValidationException(result.Errors);
        }
        return await next(message, cancellationToken);
    }
}

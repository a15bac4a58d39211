using Mediator;
using Microsoft.Extensions.Options;
using O2O.Application.Abstractions;
using O2O.Application.Payments;
using O2O.Infrastructure.Payments;
using Stripe;
using O2O.Application.Localization;

namespace O2O.Web.Api;

public static class PaymentEndpoints
{
    public sealed record SimulatedOutcome(string? Outcome);

    public static void MapPaymentEndpoints(this RouteGroupBuilder v1)
    {
        var payments = v1.MapGroup("/payments").WithTags("Payments");

        payments.MapPost("/stripe/webhook", StripeWebhookAsync)
            .WithName("StripeWebhook")
            .WithSummary("Signed Stripe events. payment_intent.succeeded (or amount_capturable_updated for capture at hand-over) marks the order paid.")
            .WithSecurity(ApiSecurity.StripeSignature)
            .Produces(StatusCodes.Status200OK)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        payments.MapPost("/simulated/{orderId:guid}", SimulatedAsync)
            .WithName("SimulatePayment")
            .WithSummary("TEST PAYMENTS ONLY: drives the simulated gateway. Answers 404 when Stripe is the active gateway.")
            .Produces(StatusCodes.Status200OK)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> StripeWebhookAsync(HttpContext http, ISender sender, IPaymentGateway gateway,
        IOptions<StripeOptions> options, ILoggerFactory loggers, CancellationToken ct)
    {
        var logger = loggers.CreateLogger("O2O.Payments.StripeWebhook");
        if (gateway.Provider != StripePaymentGateway.Name) return ErrorResults.NotFound(Messages.NotFound_StripeWebhook);

        using var reader = new StreamReader(http.Request.Body);
        var payload = await reader.ReadToEndAsync(ct);
        string? signature = http.Request.Headers["Stripe-Signature"];
        Event stripeEvent;
        try
        {
            // Stripe.net fails with a NullReferenceException, not a StripeException, when the header is missing.
            if (string.IsNullOrWhiteSpace(signature)) throw new StripeException("The Stripe-Signature header is missing.");
            stripeEvent = EventUtility.ConstructEvent(payload, signature, options.Value.WebhookSecret, throwOnApiVersionMismatch: false);
        }
        catch (StripeException ex)
        {
            logger.LogWarning("Rejected a Stripe webhook: {Reason}", ex.Message);
            return TypedResults.Problem(title: Messages.Api_WebhookSignature, statusCode: StatusCodes.Status400BadRequest);
        }

        switch (stripeEvent.Data.Object)
        {
            // What payment commands asked for, confirmed (or undone) by Stripe itself: settles a command whose answer was lost.
            case Charge { PaymentIntentId: { } chargedIntent } charge when stripeEvent.Type == EventTypes.ChargeRefunded:
                return Settled(await sender.Send(new ReconcilePaymentCommands(stripeEvent.Id, StripePaymentGateway.Name, chargedIntent,
                    ReconcileKind.Refunded, AmountRefunded: charge.AmountRefunded), ct));
            case Refund { PaymentIntentId: { } refundedIntent } refund when stripeEvent.Type == EventTypes.RefundFailed
                                                                        && refund.Metadata?.GetValueOrDefault("o2o_command_id") is { } rawCommand
                                                                        && Guid.TryParse(rawCommand, out var commandId):
                return Settled(await sender.Send(new ReconcilePaymentCommands(stripeEvent.Id, StripePaymentGateway.Name, refundedIntent,
                    ReconcileKind.RefundFailed, CommandId: commandId, FailureReason: refund.FailureReason), ct));
            case PaymentIntent canceled when stripeEvent.Type == EventTypes.PaymentIntentCanceled:
                return Settled(await sender.Send(new ReconcilePaymentCommands(stripeEvent.Id, StripePaymentGateway.Name, canceled.Id,
                    ReconcileKind.Voided), ct));
        }

        PaymentEventKind? kind = stripeEvent.Type switch
        {
            EventTypes.PaymentIntentSucceeded => PaymentEventKind.Secured,
            EventTypes.PaymentIntentAmountCapturableUpdated => PaymentEventKind.Secured,
            EventTypes.PaymentIntentPaymentFailed => PaymentEventKind.Failed,
            _ => null,
        };
        if (kind is null || stripeEvent.Data.Object is not PaymentIntent intent) return TypedResults.Ok(new { received = true, applied = "ignored" });
        if (intent.Metadata is null || !intent.Metadata.TryGetValue("order_id", out var raw) || !Guid.TryParse(raw, out var orderId))
        {
            logger.LogWarning("Stripe event {EventId} has no order id in its metadata", stripeEvent.Id);
            return TypedResults.Ok(new { received = true, applied = "ignored" });
        }

        var outcome = await sender.Send(new ApplyPaymentEvent(stripeEvent.Id, StripePaymentGateway.Name, kind.Value, orderId,
            intent.Amount, intent.Currency ?? "", intent.Id), ct);
        // Not yet committed (or not ours): not recorded, and a non-2xx answer makes Stripe deliver it again later.
        if (outcome == PaymentEventOutcome.UnknownOrder)
            return TypedResults.Problem(title: Messages.Api_PaymentOrderUnknown, statusCode: StatusCodes.Status409Conflict);
        return TypedResults.Ok(new { received = true, applied = outcome.ToString() });

        static IResult Settled(int settled) => TypedResults.Ok(new { received = true, applied = settled > 0 ? "Reconciled" : "Ignored" });
    }

    private static async Task<IResult> SimulatedAsync(Guid orderId, SimulatedOutcome? body, ISender sender, CancellationToken ct)
    {
        bool? succeeded = body?.Outcome?.ToLowerInvariant() switch
        {
            "succeeded" => true,
            "failed" => false,
            _ => null,
        };
        if (succeeded is null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["outcome"] = [Messages.Api_Outcome] });
        var result = await sender.Send(new SimulatePayment(orderId, succeeded.Value), ct);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }
}

using Microsoft.Extensions.Options;
using O2O.Application.Abstractions;
using O2O.Domain.Stores;
using Stripe;

namespace O2O.Infrastructure.Payments;

/// <summary>Stripe PaymentIntents. The amount always comes from the order the server priced.</summary>
public sealed class StripePaymentGateway(IStripeClient client) : IPaymentGateway
{
    public const string Name = "stripe";

    public string Provider => Name;
    public bool IsTestMode => false;

    public async Task<PaymentSession> StartAsync(PaymentStart request, CancellationToken ct)
    {
        var options = new PaymentIntentCreateOptions
        {
            Amount = request.Amount,
            Currency = request.Currency.ToLowerInvariant(),
            CaptureMethod = request.CaptureMode == CaptureMode.AtHandover ? "manual" : "automatic",
            AutomaticPaymentMethods = new PaymentIntentAutomaticPaymentMethodsOptions { Enabled = true },
            Description = $"O2O order {request.OrderNumber}",
            ReceiptEmail = request.CustomerEmail,
            Metadata = new Dictionary<string, string> { ["order_id"] = request.OrderId.ToString(), ["order_number"] = request.OrderNumber },
        };
        var intent = await Call(() => new PaymentIntentService(client).CreateAsync(options,
            new RequestOptions { IdempotencyKey = $"o2o-order-{request.OrderId}" }, ct));
        return new PaymentSession(intent.Id, intent.ClientSecret);
    }

    public Task RefundAsync(string reference, long? amount, CancellationToken ct) =>
        Call(() => new RefundService(client).CreateAsync(new RefundCreateOptions { PaymentIntent = reference, Amount = amount },
            new RequestOptions { IdempotencyKey = $"o2o-refund-{reference}-{amount?.ToString() ?? "all"}" }, ct));

    public Task VoidAsync(string reference, CancellationToken ct) =>
        Call(() => new PaymentIntentService(client).CancelAsync(reference, new PaymentIntentCancelOptions(),
            new RequestOptions { IdempotencyKey = $"o2o-void-{reference}" }, ct));

    public Task CaptureAsync(string reference, long amount, CancellationToken ct) =>
        Call(() => new PaymentIntentService(client).CaptureAsync(reference, new PaymentIntentCaptureOptions { AmountToCapture = amount },
            new RequestOptions { IdempotencyKey = $"o2o-capture-{reference}-{amount}" }, ct));

    private static async Task<T> Call<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (StripeException ex)
        {
            throw new PaymentGatewayException($"Stripe refused the request: {ex.StripeError?.Message ?? ex.Message}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new PaymentGatewayException("Stripe could not be reached.", ex);
        }
    }

    public static IStripeClient CreateClient(IOptions<StripeOptions> options)
    {
        var o = options.Value;
        var clientOptions = new StripeClientOptions { ApiKey = o.SecretKey };
        if (!string.IsNullOrWhiteSpace(o.ApiBase)) clientOptions.ApiBase = o.ApiBase;
        return new StripeClient(clientOptions);
    }
}

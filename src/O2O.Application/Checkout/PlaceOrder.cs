using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using O2O.Application.Abstractions;
using O2O.Application.Common;
using O2O.Domain.Common;
using O2O.Domain.Orders;
using O2O.Domain.Pickup;

namespace O2O.Application.Checkout;

public sealed record PlaceOrder(Guid StoreId, DateTimeOffset? PickupSlotStart, CustomerInput? Customer, IReadOnlyList<OrderLineInput>? Lines)
    : ICommand<Result<PlacedOrder>>
{
    /// <summary>Set by the edge from the signed-in user; never read from the request body.</summary>
    public string? UserId { get; init; }
}

public sealed record CustomerInput(string? Email, string? Name, string? Phone);

public sealed record OrderLineInput(Guid ProductId, int Quantity);

public sealed record PlacedOrder(Guid Id, string Number, string Status, MoneyDto Total, DateTimeOffset HoldExpiresAt,
    SlotDto PickupSlot, string AccessToken, PaymentDto Payment);

public sealed record SlotDto(DateTimeOffset Start, DateTimeOffset End);

public sealed record PaymentDto(string Provider, string? ClientSecret, bool TestMode);

public sealed class PlaceOrderValidator : AbstractValidator<PlaceOrder>
{
    public PlaceOrderValidator(IOptions<CheckoutOptions> options)
    {
        var o = options.Value;
        RuleFor(x => x.StoreId).NotEmpty().OverridePropertyName("storeId").WithName("storeId");
        RuleFor(x => x.PickupSlotStart).NotNull().WithMessage("Choose a pickup slot.").OverridePropertyName("pickupSlotStart");
        RuleFor(x => x.Customer).NotNull().OverridePropertyName("customer").WithName("customer");
        When(x => x.Customer is not null, () =>
        {
            RuleFor(x => x.Customer!.Email).NotEmpty().WithMessage("Enter your email address.")
                .MaximumLength(254).EmailAddress().WithMessage("Enter a valid email address.")
                .OverridePropertyName("customer.email").WithName("Email");
            RuleFor(x => x.Customer!.Name).NotEmpty().WithMessage("Enter your name.")
                .MaximumLength(200).OverridePropertyName("customer.name").WithName("Name");
            RuleFor(x => x.Customer!.Phone).MaximumLength(40).Matches(@"^\+?[0-9 ().-]{6,40}$")
                .When(x => !string.IsNullOrEmpty(x.Customer!.Phone))
                .OverridePropertyName("customer.phone").WithName("Phone").WithMessage("Phone must be a phone number.");
        });
        RuleFor(x => x.Lines).NotEmpty().WithMessage("An order needs at least one line.")
            .Must(l => l is null || l.Count <= o.MaxLines).WithMessage($"An order has at most {o.MaxLines} lines.")
            .Must(l => l is null || l.Select(x => x.ProductId).Distinct().Count() == l.Count).WithMessage("Each product appears on one line only.")
            .OverridePropertyName("lines");
        RuleForEach(x => x.Lines).ChildRules(line =>
        {
            line.RuleFor(l => l.ProductId).NotEmpty().WithName("productId");
            line.RuleFor(l => l.Quantity).InclusiveBetween(1, o.MaxQuantityPerLine).WithName("quantity");
        }).OverridePropertyName("lines");
    }
}

public sealed class PlaceOrderHandler(
    IAppDbContext db, IPaymentGateway payments, TimeProvider clock, IOptions<CheckoutOptions> options, ILogger<PlaceOrderHandler> logger)
    : ICommandHandler<PlaceOrder, Result<PlacedOrder>>
{
    public async ValueTask<Result<PlacedOrder>> Handle(PlaceOrder command, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var store = await db.Stores.AsNoTracking().FirstOrDefaultAsync(s => s.Id == command.StoreId, ct);
        if (store is null) return Error.Invalid("storeId", "There is no such store.");
        if (store.PickupPaused) return new Error(ErrorKind.Conflict, "pickup_paused", "This store is not taking pickup orders right now.");

        if (PickupSchedule.Find(store, command.PickupSlotStart!.Value, now) is not { } slot)
            return Error.Invalid("pickupSlotStart",
                "That pickup slot is not offered: it may be in the past, too soon, outside opening hours, on a closed day or too far ahead.");

        var requested = command.Lines!.OrderBy(l => l.ProductId).ToArray();
        var ids = requested.Select(l => l.ProductId).ToArray();
        var products = await db.Products.AsNoTracking().Where(p => ids.Contains(p.Id) && p.IsActive).ToDictionaryAsync(p => p.Id, ct);
        var unknown = ids.Where(id => !products.ContainsKey(id)).ToList();
        if (unknown.Count > 0) return Error.Invalid("lines", $"Unknown or unavailable product: {string.Join(", ", unknown)}.");
        if (products.Values.Select(p => p.PriceCurrency).Distinct().Count() > 1)
            return Error.Invalid("lines", "Products priced in different currencies cannot share an order.");

        var accessToken = OrderTokens.NewAccessToken();
        Order order;
        await using (var tx = await db.Database.BeginTransactionAsync(ct))
        {
            var available = (await HoldSql.LockStockAsync(db, store.Id, ids, ct)).ToDictionary(a => a.ProductId, a => a.Available);
            var shortLines = requested
                .Select(l => new ShortLine(l.ProductId, products[l.ProductId].Sku, products[l.ProductId].Name, l.Quantity, Math.Max(0, available.GetValueOrDefault(l.ProductId))))
                .Where(l => l.Available < l.Requested)
                .ToList();
            if (shortLines.Count > 0) return OutOfStock(shortLines);

            var quantities = requested.Select(l => l.Quantity).ToArray();
            if (await HoldStockAsync(ids, quantities) != ids.Length)
                throw new InvalidOperationException("Locked stock rows changed under the lock."); // cannot happen: rows are locked

            if (!await HoldSql.TakeSlotPlaceAsync(db, store.Id, slot.Start, store.Pickup.OrdersPerSlot, ct))
                return new Error(ErrorKind.Conflict, "slot_full", "That pickup slot is full. Please choose another one.");

            var number = await NextOrderNumberAsync(ct);
            order = new Order(Guid.CreateVersion7(), number, store.Id,
                new Customer(command.Customer!.Email!.Trim(), command.Customer.Name!.Trim(), NullIfBlank(command.Customer.Phone)),
                command.UserId, slot,
                requested.Select(l => (l.ProductId, products[l.ProductId].Sku, products[l.ProductId].Name, products[l.ProductId].Price, l.Quantity)),
                store.Pickup.CaptureMode, OrderTokens.Hash(accessToken), now, now.AddMinutes(options.Value.HoldMinutes));
            db.Orders.Add(order);
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
        }

        // The payment is started after the hold commits, so no row lock waits on the provider.
        // If the provider fails, the hold is given back at once: no order is left that nobody can pay.
        PaymentSession session;
        try
        {
            session = await payments.StartAsync(new PaymentStart(order.Id, order.Number, order.TotalAmount, order.Currency, order.CaptureMode, order.CustomerEmail), ct);
        }
        catch (PaymentGatewayException ex)
        {
            logger.LogError(ex, "Payment could not start for order {OrderNumber}; releasing its hold", order.Number);
            await ReleaseUnpayableAsync(order.Id, ct);
            return new Error(ErrorKind.Unavailable, "payment_unavailable", "Payment is unavailable right now. Nothing was reserved; please try again.");
        }
        order.AttachPayment(payments.Provider, session.Reference, session.ClientSecret);
        await db.SaveChangesAsync(ct);

        logger.LogInformation("Order {OrderNumber} placed at store {StoreCode} for {Total}", order.Number, store.Code, order.Total);
        return new PlacedOrder(order.Id, order.Number, order.Status.ToString(), MoneyDto.From(order.Total), order.HoldExpiresAt,
            new SlotDto(slot.Start, slot.End), accessToken, new PaymentDto(payments.Provider, session.ClientSecret, payments.IsTestMode));

        Task<int> HoldStockAsync(Guid[] productIds, int[] qty) => HoldSql.HoldStockAsync(db, store.Id, productIds, qty, ct);
    }

    private static Error OutOfStock(List<ShortLine> lines) => new(ErrorKind.Conflict, "out_of_stock",
        "Some items are no longer available in the quantity requested at this store.",
        new Dictionary<string, object?> { ["lines"] = lines });

    private async Task<string> NextOrderNumberAsync(CancellationToken ct) =>
        (await db.Database.SqlQuery<long>($"SELECT nextval('order_number_seq') AS \"Value\"").ToListAsync(ct))[0].ToString();

    private async Task ReleaseUnpayableAsync(Guid orderId, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        await using var tx = await db.Database.BeginTransactionAsync(CancellationToken.None);
        await HoldSql.LockOrderAsync(db, orderId, CancellationToken.None);
        var order = await db.Orders.Include(o => o.Lines).Include(o => o.History).FirstAsync(o => o.Id == orderId, CancellationToken.None);
        order.Expire(clock.GetUtcNow());
        await HoldSql.ReleaseOrderAsync(db, order, CancellationToken.None);
        await db.SaveChangesAsync(CancellationToken.None);
        await tx.CommitAsync(CancellationToken.None);
    }

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public sealed record ShortLine(Guid ProductId, string Sku, string Name, int Requested, int Available);
}

using O2O.Domain.Common;
using O2O.Domain.Payments;
using O2O.Domain.Pickup;
using O2O.Domain.Promotions;
using O2O.Domain.Stores;
using O2O.Domain.Tax;

namespace O2O.Domain.Orders;

public sealed class Order
{
    public const int MaxFailedPickupAttempts = 5;
    public static readonly TimeSpan PickupLockout = TimeSpan.FromMinutes(15);
    public const int MaxCultureLength = 10;

    private readonly List<OrderLine> _lines = [];
    private readonly List<OrderStatusChange> _history = [];
    private readonly List<PaymentCommand> _paymentCommands = [];
    private readonly List<OrderReturn> _returns = [];

    private Order() { }

    public Order(Guid id, string number, Guid storeId, Customer customer, string? userId, PickupSlot slot,
        IEnumerable<(Guid ProductId, string Sku, string Name, Money UnitPrice, int Quantity)> lines,
        CaptureMode captureMode, string accessTokenHash, DateTimeOffset now, DateTimeOffset holdExpiresAt)
    {
        Id = id;
        Number = number;
        StoreId = storeId;
        CustomerEmail = customer.Email;
        CustomerName = customer.Name;
        CustomerPhone = customer.Phone;
        UserId = userId;
        SlotStart = slot.Start.ToUniversalTime();
        SlotEnd = slot.End.ToUniversalTime();
        CaptureMode = captureMode;
        AccessTokenHash = accessTokenHash;
        CreatedAt = now;
        HoldExpiresAt = holdExpiresAt;
        Status = OrderStatus.PendingPayment;
        foreach (var l in lines) _lines.Add(new OrderLine(Guid.CreateVersion7(), l.ProductId, l.Sku, l.Name, l.UnitPrice, l.Quantity));
        if (_lines.Count == 0) throw new DomainException("An order needs at least one line.");
        if (_lines.Select(l => l.Currency).Distinct().Count() != 1) throw new DomainException("An order is in one currency.");
        var total = _lines.Select(l => l.LineTotal).Aggregate((a, b) => a.Plus(b));
        TotalAmount = total.Amount;
        Currency = total.Currency;
        _history.Add(new OrderStatusChange(Status, now, "shopper", null));
    }

    public Guid Id { get; private set; }
    public string Number { get; private set; } = "";
    public Guid StoreId { get; private set; }
    public OrderStatus Status { get; private set; }
    public string CustomerEmail { get; private set; } = "";
    public string CustomerName { get; private set; } = "";
    public string? CustomerPhone { get; private set; }
    public string? UserId { get; private set; }
    public DateTimeOffset SlotStart { get; private set; }
    public DateTimeOffset SlotEnd { get; private set; }
    public long TotalAmount { get; private set; }
    public string Currency { get; private set; } = "";
    public CaptureMode CaptureMode { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset HoldExpiresAt { get; private set; }
    public string AccessTokenHash { get; private set; } = "";
    public string? PickupCode { get; private set; }
    public int FailedPickupAttempts { get; private set; }
    public DateTimeOffset? PickupLockedUntil { get; private set; }
    public string PaymentProvider { get; private set; } = "";
    public string? PaymentReference { get; private set; }
    /// <summary>
    /// True once the order owes the shopper all their money back (cancelled, no-show, paid too late): the refund or void is
    /// a <see cref="PaymentCommand"/>, which may still be pending. Set once, so the money can never be returned twice.
    /// </summary>
    public bool MoneyBackRequested { get; private set; }
    public string? RefundReason { get; private set; }
    public DateTimeOffset? ReminderSentAt { get; private set; }
    /// <summary>The hash of the caller's Idempotency-Key (scoped to the caller), so a retry after a crash finds this order.</summary>
    public string? IdempotencyKeyHash { get; private set; }
    /// <summary>The language the shopper ordered in ("fr"): every email about the order is written in it, whoever causes it.</summary>
    public string Culture { get; private set; } = "en";
    /// <summary>When the shopper said "I'm here" (first time); the desk shows who waits and for how long.</summary>
    public DateTimeOffset? ArrivedAt { get; private set; }
    /// <summary>What the shopper added ("blue car, bay 3"), as typed.</summary>
    public string? ArrivalNote { get; private set; }
    /// <summary>
    /// Set on a collect-now order: the quarter hour (UTC start) whose collect-now capacity it takes instead of a slot place.
    /// Its ready time is <see cref="SlotStart"/>.
    /// </summary>
    public DateTimeOffset? CollectNowWindow { get; private set; }
    /// <summary>Someone the shopper sends to collect in their place ("stand-in"); null when the shopper comes.</summary>
    public string? CollectorName { get; private set; }
    /// <summary>When and by whom the collector's ID was checked at hand-over, for an order with age-restricted lines.</summary>
    public DateTimeOffset? IdCheckedAt { get; private set; }
    public string? IdCheckedBy { get; private set; }
    /// <summary>Loyalty points this order holds (spent on it, less any given back by a short pick).</summary>
    public long LoyaltyPoints { get; private set; }
    /// <summary>What those points took off, in minor units; <see cref="TotalAmount"/> is already net of it.</summary>
    public long LoyaltyDiscountAmount { get; private set; }
    /// <summary>The promotion whose code this order carries (ADR 52), its code, and the code as printed ("SUMMER10").</summary>
    public Guid? PromotionId { get; private set; }
    public Guid? PromoCodeId { get; private set; }
    public string? PromoCode { get; private set; }
    /// <summary>
    /// What the promotion took off the goods held, in minor units: the sum of the lines' <see cref="OrderLine.PromoDiscountAmount"/>.
    /// <see cref="TotalAmount"/> is net of it and of the points.
    /// </summary>
    public long PromoDiscountAmount { get; private set; }
    public uint Version { get; private set; }

    public bool IsCollectNow => CollectNowWindow is not null;

    public IReadOnlyList<OrderLine> Lines => _lines;
    public IReadOnlyList<OrderStatusChange> History => _history;
    public IReadOnlyList<PaymentCommand> PaymentCommands => _paymentCommands;
    public IReadOnlyList<OrderReturn> Returns => _returns;

    /// <summary>Money owed back to the shopper that the provider has not returned yet (pending, or refused and with an admin).</summary>
    public bool RefundPending => _paymentCommands.Any(c => c.ReturnsMoney && c.IsOutstanding);

    /// <summary>All the money went back, and the provider confirmed it.</summary>
    public bool Refunded => MoneyBackRequested && !RefundPending;
    public Money Total => new(TotalAmount, Currency);

    /// <summary>
    /// The VAT per rate of what the order hands over (short-picked units left out), summing exactly to <see cref="Total"/>:
    /// the points discount is the seller's, so it lowers the taxable amount of each line by its share (ADR 49).
    /// </summary>
    public IReadOnlyList<VatLine> Vat => VatBreakdown.ForSigned(PointsDiscountByLine()
        .Select(d => (d.Line.LineTotal.Amount - d.Line.PromoDiscountAmount - d.Discount, Currency, d.Line.VatRate)));

    /// <summary>
    /// <see cref="LoyaltyDiscountAmount"/> spread across the lines handed over in proportion to what is left of each after
    /// its promotion share (points pay part of what the promotion left, ADR 52), adding up to it exactly
    /// (<see cref="Allocation.Proportional"/>): what the VAT per rate and the receipt's discount net off.
    /// </summary>
    public IReadOnlyList<(OrderLine Line, long Discount)> PointsDiscountByLine()
    {
        var held = _lines.Where(l => l.HeldQuantity > 0).ToList();
        var shares = Allocation.Proportional(LoyaltyDiscountAmount, [.. held.Select(l => l.LineTotal.Amount - l.PromoDiscountAmount)]);
        return [.. held.Select((l, i) => (l, shares[i]))];
    }

    /// <summary>Copies each line's catalog category while the order is being placed: a promotion's coverage is judged by it, then and at a short pick.</summary>
    public void Categorize(Func<OrderLine, string> categoryOf)
    {
        ArgumentNullException.ThrowIfNull(categoryOf);
        if (Status != OrderStatus.PendingPayment || _history.Count > 1) throw new DomainException("The order is already placed.");
        foreach (var line in _lines) line.Categorize(categoryOf(line));
    }

    /// <summary>The lines as a promotion weighs them: product, category and the goods each holds, in the order of <see cref="Lines"/>.</summary>
    public IReadOnlyList<PromoLine> PromoLines() => [.. _lines.Select(l => new PromoLine(l.ProductId, l.Category, l.LineTotal.Amount))];

    /// <summary>
    /// The shopper's code applies (ADR 52): the discount, split over the lines as <paramref name="discount"/> says (in the
    /// order of <see cref="PromoLines"/>), comes off <see cref="TotalAmount"/> before any points, which pay part of what is
    /// left. Something is always left to pay.
    /// </summary>
    public void ApplyPromotion(Guid promotionId, Guid codeId, string code, PromoDiscount discount)
    {
        ArgumentNullException.ThrowIfNull(discount);
        if (Status != OrderStatus.PendingPayment || _history.Count > 1 || PromotionId is not null || LoyaltyPoints > 0)
            throw new DomainException("A code is applied once, when the order is placed, before any points.");
        if (discount.PerLine.Count != _lines.Count || discount.PerLine.Sum() != discount.Total)
            throw new DomainException("A promotion's discount is split over the order's lines.");
        if (discount.Total < 0 || discount.Total >= TotalAmount) throw new DomainException("A promotion takes part of an order, never all of it.");
        if (string.IsNullOrWhiteSpace(code)) throw new DomainException("A promotion is applied with its code.");
        for (var i = 0; i < _lines.Count; i++) _lines[i].DiscountBy(discount.PerLine[i]);
        PromotionId = promotionId;
        PromoCodeId = codeId;
        PromoCode = code.Trim();
        PromoDiscountAmount = discount.Total;
        TotalAmount -= discount.Total;
    }

    /// <summary>
    /// Snapshots each line's tax category and rate while the order is being placed: the rate of the store's country (the
    /// store hands the goods over, so its VAT applies) on the day of the order, which later rate changes never touch.
    /// </summary>
    public void ChargeVat(Func<OrderLine, (TaxCategory Category, VatRate Rate)> rateOf)
    {
        if (Status != OrderStatus.PendingPayment || PaymentReference is not null) throw new DomainException("VAT is fixed when the order is placed.");
        foreach (var line in _lines)
        {
            var (category, rate) = rateOf(line);
            line.ChargeVat(category, rate);
        }
    }

    /// <summary>Placed under a caller's Idempotency-Key: a retry whose first answer was lost finds the order instead of placing another.</summary>
    public void PlaceUnderIdempotencyKey(string keyHash)
    {
        if (Status != OrderStatus.PendingPayment) throw new DomainException("The order is already placed.");
        IdempotencyKeyHash = keyHash;
    }

    /// <summary>Placed as "collect now": it books the collect-now quarter hour, not a pickup slot.</summary>
    public void CollectNowIn(DateTimeOffset windowStart)
    {
        if (Status != OrderStatus.PendingPayment || History.Count > 1) throw new DomainException("The order is already placed.");
        CollectNowWindow = windowStart.ToUniversalTime();
    }

    /// <summary>
    /// A new access token, for a retry that found the order its lost first answer placed: that answer, and its token,
    /// never reached anyone, so the old token is simply retired.
    /// </summary>
    public void ReplaceAccessToken(string accessTokenHash) => AccessTokenHash = accessTokenHash;

    /// <summary>
    /// Part of the order paid with points, before it is booked: <see cref="TotalAmount"/> becomes what the provider
    /// charges. Something is always left to pay, so every order still goes through the payment it is confirmed by.
    /// </summary>
    public void PayWithPoints(long points, long discount)
    {
        if (Status != OrderStatus.PendingPayment || LoyaltyPoints > 0) throw new DomainException("Points are spent once, when the order is placed.");
        if (points < 1 || discount < 0 || discount >= TotalAmount) throw new DomainException("Points pay part of an order, never all of it.");
        LoyaltyPoints = points;
        LoyaltyDiscountAmount = discount;
        TotalAmount -= discount;
    }

    /// <summary>What the goods come to at their price (after short picks), before the promotion and the points.</summary>
    public long GoodsAmount => TotalAmount + LoyaltyDiscountAmount + PromoDiscountAmount;

    /// <summary>What the promotion left of the goods: the amount the points paid part of, and a return's share of them is counted on.</summary>
    public long AfterPromoAmount => TotalAmount + LoyaltyDiscountAmount;

    public const int ArrivalNoteMaxLength = 200;

    /// <summary>How long before the slot a shopper may say they are here: early enough to park, not a day ahead.</summary>
    public static readonly TimeSpan ArrivalOpensBeforeSlot = TimeSpan.FromMinutes(30);

    /// <summary>From half an hour before the slot until the store stops holding the order.</summary>
    public (DateTimeOffset Opens, DateTimeOffset Closes) ArrivalWindow(int holdDays) => (SlotStart - ArrivalOpensBeforeSlot, SlotEnd.AddDays(holdDays));

    /// <summary>
    /// The shopper says they are at the store. Saying it again keeps the first time (how long they have waited) and
    /// takes the newest note; the same note again changes nothing.
    /// </summary>
    public ArrivalOutcome Arrive(DateTimeOffset now, string? note, int holdDays)
    {
        if (Status is not (OrderStatus.Paid or OrderStatus.ReadyForPickup)) return ArrivalOutcome.NotWaitingForPickup;
        var (opens, closes) = ArrivalWindow(holdDays);
        if (now < opens) return ArrivalOutcome.TooEarly;
        if (now >= closes) return ArrivalOutcome.TooLate;
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > ArrivalNoteMaxLength }) throw new DomainException($"An arrival note is at most {ArrivalNoteMaxLength} characters.");
        ArrivedAt ??= now;
        if (note is not null) ArrivalNote = note;
        return ArrivalOutcome.Arrived;
    }

    /// <summary>An order with an age-restricted line is handed over only once the clerk has checked the collector's ID.</summary>
    public bool NeedsIdCheck => _lines.Any(l => l.AgeRestricted);

    /// <summary>Who collects, as the shopper names them at checkout; the placing itself is the record of it.</summary>
    public void CollectBy(string? name)
    {
        if (Status != OrderStatus.PendingPayment || _history.Count > 1) throw new DomainException("The order is already placed.");
        CollectorName = RequireCollectorName(name);
    }

    /// <summary>
    /// The shopper changes who collects (or clears it) while the order can still be handed over; the history says so.
    /// The same name again changes nothing.
    /// </summary>
    public CollectorOutcome ChangeCollector(string? name, DateTimeOffset at, string actor)
    {
        if (Status is not (OrderStatus.PendingPayment or OrderStatus.Paid or OrderStatus.ReadyForPickup)) return CollectorOutcome.NotChangeable;
        var collector = RequireCollectorName(name);
        if (collector == CollectorName) return CollectorOutcome.Unchanged;
        CollectorName = collector;
        _history.Add(collector is null
            ? OrderStatusChange.Coded(Status, at, actor, OrderNotes.CollectorCleared)
            : OrderStatusChange.Coded(Status, at, actor, OrderNotes.CollectorNamed, collector));
        return CollectorOutcome.Changed;
    }

    private static string? RequireCollectorName(string? name) =>
        CollectorNames.IsValid(name) ? CollectorNames.Normalize(name) : throw new DomainException("A collector's name is letters, spaces, apostrophes, hyphens and dots, at most 100 characters.");

    /// <summary>Set when the order is placed, from the language the shopper was using.</summary>
    public void WriteToShopperIn(string culture)
    {
        if (string.IsNullOrWhiteSpace(culture) || culture.Length > MaxCultureLength) throw new DomainException("A culture is a language tag such as \"fr\".");
        Culture = culture;
    }

    /// <summary>Chosen when the order is placed; the provider's own reference arrives with its confirmation.</summary>
    public void UsePaymentProvider(string provider)
    {
        if (Status != OrderStatus.PendingPayment || PaymentReference is not null) throw new DomainException("The payment has already started.");
        PaymentProvider = provider;
    }

    /// <summary>The provider's confirmation names the payment: it is what later refunds, voids and captures act on.</summary>
    public void RecordPaymentReference(string provider, string reference)
    {
        if (PaymentReference is not null && PaymentReference != reference)
            throw new DomainException("This order is already paid through another payment.");
        PaymentProvider = provider;
        PaymentReference = reference;
    }

    public void MarkPaid(string pickupCode, DateTimeOffset at, string actor)
    {
        MoveTo(OrderStatus.Paid, at, actor);
        PickupCode = pickupCode;
    }

    /// <summary>A payment arrived after the hold expired and the stock and slot could be held again.</summary>
    public void ReinstateAfterLatePayment(string pickupCode, DateTimeOffset at, string actor)
    {
        if (Status != OrderStatus.Expired) throw new IllegalTransitionException(Status, OrderStatus.Paid);
        Status = OrderStatus.Paid;
        PickupCode = pickupCode;
        _history.Add(OrderStatusChange.Coded(OrderStatus.Paid, at, actor, OrderNotes.PaidLate));
    }

    public void Expire(DateTimeOffset at) =>
        MoveTo(OrderStatus.Expired, OrderStatusChange.Coded(OrderStatus.Expired, at, "system", OrderNotes.HoldExpired));

    public void MarkReady(DateTimeOffset at, string actor) => MoveTo(OrderStatus.ReadyForPickup, at, actor);

    public void Cancel(DateTimeOffset at, string actor, string? reason) => MoveTo(OrderStatus.Cancelled, at, actor, reason);

    public void MarkNoShow(DateTimeOffset at, string actor = "system") =>
        MoveTo(OrderStatus.NoShow, OrderStatusChange.Coded(OrderStatus.NoShow, at, actor, OrderNotes.NotCollected));

    public void MarkReminderSent(DateTimeOffset at) => ReminderSentAt = at;

    public bool IsPickupLocked(DateTimeOffset now) => PickupLockedUntil is { } until && until > now;

    /// <summary>
    /// Checks the code and, when it matches, hands the order over. An order with age-restricted lines needs
    /// <paramref name="idChecked"/>: without it nothing happens, not even a counted attempt, since the code was not tried.
    /// </summary>
    public bool TryCollect(string code, DateTimeOffset at, string actor, bool idChecked = false)
    {
        if (Status != OrderStatus.ReadyForPickup) throw new IllegalTransitionException(Status, OrderStatus.Collected);
        if (IsPickupLocked(at)) throw new DomainException("Too many wrong pickup codes; the order is locked for a while.");
        if (NeedsIdCheck && !idChecked) throw new DomainException("Check the collector's ID before handing over age-restricted items.");
        if (!string.Equals(PickupCode, code?.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            FailedPickupAttempts++;
            if (FailedPickupAttempts >= MaxFailedPickupAttempts)
            {
                PickupLockedUntil = at + PickupLockout;
                FailedPickupAttempts = 0;
            }
            return false;
        }
        FailedPickupAttempts = 0;
        if (NeedsIdCheck)
        {
            IdCheckedAt = at;
            IdCheckedBy = actor;
            MoveTo(OrderStatus.Collected, OrderStatusChange.Coded(OrderStatus.Collected, at, actor, OrderNotes.IdChecked));
        }
        else MoveTo(OrderStatus.Collected, at, actor);
        if (CaptureMode == CaptureMode.AtHandover && PaymentReference is not null && TotalAmount > 0)
            AddPaymentCommand(PaymentCommandKind.Capture, Total, "Collected at the store.", at);
        return true;
    }

    /// <summary>
    /// Staff could not pick <paramref name="units"/> of a line: the order total drops by their price, less what the
    /// promotion and the points took off them. With capture at order that amount is refunded (a command of its own, so two
    /// short picks of one amount are two refunds); with capture at hand-over it is simply never captured. Returns the
    /// amount taken off. An order with a code needs its <paramref name="promotion"/>: the discount is recomputed on what
    /// remains (ADR 52).
    /// </summary>
    public Money MarkLineShort(Guid lineId, int units, string reason, DateTimeOffset at, string actor, Promotion? promotion = null)
    {
        if (Status is not (OrderStatus.Paid or OrderStatus.ReadyForPickup))
            throw new IllegalTransitionException(Status, Status);
        if (PromotionId is { } promotionId && promotion?.Id != promotionId)
            throw new DomainException("A short pick of an order with a code recomputes its discount with that code's promotion.");
        var line = _lines.FirstOrDefault(l => l.Id == lineId) ?? throw new DomainException("The order has no such line.");
        var afterPromoBefore = AfterPromoAmount;
        line.MarkShort(units, reason);
        var removedGoods = line.UnitPrice.Times(units).Amount;
        var promoFreed = PromotionId is null ? 0 : Rediscount(promotion!, removedGoods);
        // The points discount shrinks with what the promotion left, in proportion, so the shopper never pays more per unit
        // than before; what it loses is refunded as points (LoyaltyPointsFreed), not money.
        var afterPromoAfter = afterPromoBefore - (removedGoods - promoFreed);
        var pointsKept = ShareOf(LoyaltyPoints, afterPromoAfter, afterPromoBefore);
        var discountKept = ShareOf(LoyaltyDiscountAmount, afterPromoAfter, afterPromoBefore);
        LastShortPickPointsFreed = LoyaltyPoints - pointsKept;
        var removed = new Money(removedGoods - promoFreed - (LoyaltyDiscountAmount - discountKept), Currency);
        LoyaltyPoints = pointsKept;
        LoyaltyDiscountAmount = discountKept;
        TotalAmount -= removed.Amount;
        _history.Add(OrderStatusChange.Coded(Status, at, actor, OrderNotes.ShortPick,
            units.ToString(System.Globalization.CultureInfo.InvariantCulture), line.Name, reason.Trim()));
        if (CaptureMode == CaptureMode.AtOrder && PaymentReference is not null && removed.Amount > 0)
            AddPaymentCommand(PaymentCommandKind.Refund, removed, $"Short pick: {units} × {line.Name}.", at);
        return removed;
    }

    /// <summary>
    /// The promotion's discount on the lines that remain after a short pick (their goods already lowered), without its
    /// conditions: the store's shortfall never takes the code away, and the minimum is not asked again. It never grows,
    /// and never shrinks by more than the goods removed, so the refund is between nothing and their price even if an
    /// admin changed the promotion since. Returns what it gave up.
    /// </summary>
    private long Rediscount(Promotion promotion, long removedGoods)
    {
        var lines = PromoLines();
        var recomputed = PromotionRules.DiscountOn(promotion, lines.Sum(l => l.Amount), lines).Total;
        var total = Math.Clamp(recomputed, Math.Max(0, PromoDiscountAmount - removedGoods), PromoDiscountAmount);
        long[] covered = [.. lines.Select(l => promotion.Covers(l.ProductId, l.Category) ? l.Amount : 0)];
        // Coverage edited since the order was placed can leave too little covered to carry the kept discount: it is
        // then spread over everything held, which always can (the discount is at most 90 % of the goods).
        var weights = covered.Sum() >= total ? covered : [.. lines.Select(l => l.Amount)];
        var parts = Allocation.Proportional(total, weights);
        for (var i = 0; i < _lines.Count; i++) _lines[i].DiscountBy(parts[i]);
        var freed = PromoDiscountAmount - total;
        PromoDiscountAmount = total;
        return freed;
    }

    /// <summary>Points the last <see cref="MarkLineShort"/> took off the order; the caller gives them back to the shopper.</summary>
    public long LastShortPickPointsFreed { get; private set; }

    /// <summary>
    /// The shopper gets all their money back: a void of the authorisation when the store captures at hand-over, else a
    /// refund of what is left after any short picks. Does nothing for an order that was never paid or already owes it.
    /// </summary>
    public void ReturnMoney(MoneyBackReason why, DateTimeOffset at, string actor)
    {
        if (PaymentReference is null || MoneyBackRequested) return;
        MoneyBackRequested = true;
        // The provider's record of the refund keeps an English reason; the shopper reads the history note in their language.
        var reason = why switch
        {
            MoneyBackReason.Cancelled => "Order cancelled.",
            MoneyBackReason.NotCollected => "Not collected in time.",
            _ => "Paid after the hold expired and the stock or slot was gone.",
        };
        RefundReason = reason;
        if (CaptureMode == CaptureMode.AtHandover) AddPaymentCommand(PaymentCommandKind.Void, Total, reason, at);
        else if (TotalAmount > 0) AddPaymentCommand(PaymentCommandKind.Refund, Total, reason, at);
        _history.Add(OrderStatusChange.Coded(Status, at, actor, OrderNotes.RefundRequested, why.ToString()));
    }

    /// <summary>When the shopper took the order away; returns are counted from then.</summary>
    public DateTimeOffset? CollectedAt => _history.Where(h => h.Status == OrderStatus.Collected).Select(h => (DateTimeOffset?)h.At).Min();

    /// <summary>The last instant a store with a window of <paramref name="windowDays"/> days takes the items back.</summary>
    public DateTimeOffset? ReturnWindowCloses(int windowDays) => CollectedAt?.AddDays(windowDays);

    /// <summary>
    /// What a return gives back for these units, line by line: their price less their share of the points discount. The
    /// share is counted over all the order's returns so far, floor(discount × goods returned so far ÷ goods handed over),
    /// less what earlier returns took, so that returning everything, in any number of returns, gives back exactly what
    /// was paid (ADR 49). Call before the units are marked returned.
    /// </summary>
    public IReadOnlyList<long> RefundFor(IReadOnlyList<(OrderLine Line, int Quantity)> units)
    {
        // Each line first gives back its promotion share, cumulatively per line (ADR 52); the points share is then
        // counted on what the promotion left, cumulatively per order, as ADR 49 counts it.
        var net = units.Select(u => u.Line.UnitPrice.Times(u.Quantity).Amount
            - (u.Line.PromoShareOfReturned(u.Line.ReturnedQuantity + u.Quantity) - u.Line.PromoShareOfReturned(u.Line.ReturnedQuantity))).ToList();
        var before = ReturnedAfterPromo();
        var share = ShareOf(LoyaltyDiscountAmount, before + net.Sum()) - ShareOf(LoyaltyDiscountAmount, before);
        var shares = Allocation.Proportional(share, net);
        return [.. net.Select((g, i) => g - shares[i])];
    }

    /// <summary>The goods (at their price) that returns have taken back so far.</summary>
    public long ReturnedGoods() => _lines.Aggregate(0L, (sum, l) => checked(sum + l.UnitPrice.Times(l.ReturnedQuantity).Amount));

    /// <summary>What returns have taken back so far, less the promotion's share of it: the base their points share is counted on.</summary>
    public long ReturnedAfterPromo() => _lines.Aggregate(0L, (sum, l) =>
        checked(sum + l.UnitPrice.Times(l.ReturnedQuantity).Amount - l.PromoShareOfReturned(l.ReturnedQuantity)));

    /// <summary>
    /// The points the returns so far have given back, counted as the discount is: floor(points × returned ÷ what the
    /// promotion left), so each return's part is the difference before and after it and all of them give back every point.
    /// </summary>
    public long PointsReturned() => ShareOf(LoyaltyPoints, ReturnedAfterPromo());

    /// <summary>The points this order still holds: what it spent, less any a short pick or a return gave back.</summary>
    public long PointsHeld() => LoyaltyPoints - PointsReturned();

    /// <summary>Points the last <see cref="TakeBack"/> gave back to the shopper (its share of the points spent).</summary>
    public long LastReturnPointsFreed { get; private set; }

    private long ShareOf(long whole, long returned) => ShareOf(whole, returned, AfterPromoAmount);

    /// <summary>floor(whole × part ÷ of), in 128 bits; nothing of nothing.</summary>
    private static long ShareOf(long whole, long part, long of) => of == 0 ? 0 : (long)((Int128)whole * part / of);

    /// <summary>
    /// A clerk takes collected units back. The caller has already raised each line's returned quantity with the guarded
    /// UPDATE (the database decides: ADR 47); this mirrors it, records the return, and writes its refund as a payment
    /// command whose id is the return's, so one return is exactly one refund and its retries replay it.
    /// </summary>
    public OrderReturn TakeBack(Guid returnId, Guid storeId, string storeName, IReadOnlyList<(Guid LineId, int Quantity, bool Restock)> lines,
        string reason, DateTimeOffset at, string actor, string? idempotencyKeyHash = null, string? requestHash = null)
    {
        if (Status != OrderStatus.Collected) throw new DomainException("Only a collected order can be returned.");
        if (lines.Count == 0 || lines.Select(l => l.LineId).Distinct().Count() != lines.Count)
            throw new DomainException("A return names each line once.");
        var units = lines.Select(l => (Line: _lines.FirstOrDefault(x => x.Id == l.LineId) ?? throw new DomainException("The order has no such line."), l.Quantity, l.Restock)).ToList();
        var amounts = RefundFor([.. units.Select(u => (u.Line, u.Quantity))]);
        var refund = new Money(amounts.Sum(), Currency);
        var pointsBefore = PointsReturned();
        var taken = new OrderReturn(returnId, Id, storeId, storeName, reason, refund, actor, at, idempotencyKeyHash, requestHash);
        for (var i = 0; i < units.Count; i++)
        {
            var (line, quantity, restock) = units[i];
            line.MarkReturned(quantity);
            taken.Add(line, quantity, restock, new Money(amounts[i], Currency));
        }
        LastReturnPointsFreed = PointsReturned() - pointsBefore;
        _returns.Add(taken);
        _history.Add(OrderStatusChange.Coded(Status, at, actor, OrderNotes.Returned,
            units.Sum(u => u.Quantity).ToString(System.Globalization.CultureInfo.InvariantCulture), storeName,
            refund.Amount.ToString(System.Globalization.CultureInfo.InvariantCulture), refund.Currency));
        if (PaymentReference is not null && refund.Amount > 0)
            _paymentCommands.Add(new PaymentCommand(Id, StoreId, PaymentCommandKind.Refund, refund, PaymentProvider, PaymentReference,
                $"Returned at {storeName}.", at, id: returnId, returnId: returnId));
        return taken;
    }

    /// <summary>The provider did what the command asked (its answer, or a webhook that reconciles it).</summary>
    public void CompletePaymentCommand(Guid commandId, DateTimeOffset at)
    {
        var command = CommandById(commandId);
        if (command.Status == PaymentCommandStatus.Succeeded) return;
        command.MarkSucceeded(at);
        _history.Add(OrderStatusChange.Coded(Status, at, "system", OrderNotes.PaymentDone, OrderNotes.Amount(command.Kind, command.Money)));
    }

    public void FailPaymentCommandAttempt(Guid commandId, string error, bool permanent, int attempts, DateTimeOffset at, TimeSpan? firstRetry = null) =>
        CommandById(commandId).MarkAttemptFailed(error, permanent, attempts, at, firstRetry);

    /// <summary>The provider reported later that a command it had accepted failed after all.</summary>
    public void FailPaymentCommandAfterSuccess(Guid commandId, string error, DateTimeOffset at)
    {
        var command = CommandById(commandId);
        if (command.Status != PaymentCommandStatus.Succeeded) return;
        command.MarkFailedAfterSuccess(error, at);
        _history.Add(OrderStatusChange.Coded(Status, at, "system", OrderNotes.PaymentFailed, [.. OrderNotes.Amount(command.Kind, command.Money), error]));
    }

    /// <summary>An admin sends a refused command again, as a new command with its own idempotency key.</summary>
    public PaymentCommand RetryPaymentCommand(Guid commandId, DateTimeOffset at, string actor)
    {
        var next = CommandById(commandId).Supersede(at);
        _paymentCommands.Add(next);
        _history.Add(OrderStatusChange.Coded(Status, at, actor, OrderNotes.PaymentRetried, OrderNotes.Amount(next.Kind, next.Money)));
        return next;
    }

    private PaymentCommand CommandById(Guid id) =>
        _paymentCommands.FirstOrDefault(c => c.Id == id) ?? throw new DomainException("The order has no such payment command.");

    private void AddPaymentCommand(PaymentCommandKind kind, Money amount, string reason, DateTimeOffset at) =>
        _paymentCommands.Add(new PaymentCommand(Id, StoreId, kind, amount, PaymentProvider, PaymentReference!, reason, at));

    private void MoveTo(OrderStatus next, DateTimeOffset at, string actor, string? note = null) =>
        MoveTo(next, new OrderStatusChange(next, at, actor, note));

    private void MoveTo(OrderStatus next, OrderStatusChange change)
    {
        if (!Status.CanMoveTo(next)) throw new IllegalTransitionException(Status, next);
        Status = next;
        _history.Add(change);
    }
}

public sealed record Customer(string Email, string Name, string? Phone);

public sealed class IllegalTransitionException(OrderStatus from, OrderStatus to)
    : DomainException($"An order cannot go from {from} to {to}.")
{
    public OrderStatus From { get; } = from;
    public OrderStatus To { get; } = to;
}

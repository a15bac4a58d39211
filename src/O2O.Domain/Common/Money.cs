namespace O2O.Domain.Common;

/// <summary>An amount in integer minor units (cents) of an ISO 4217 currency.</summary>
public readonly record struct Money
{
    public Money(long amount, string currency)
    {
        if (amount < 0) throw new DomainException("An amount cannot be negative.");
        if (currency is not { Length: 3 } || !currency.All(char.IsAsciiLetterUpper))
            throw new DomainException($"'{currency}' is not an ISO 4217 currency code.");
        Amount = amount;
        Currency = currency;
    }

    public long Amount { get; }
    public string Currency { get; }

    public Money Times(int quantity) => new(checked(Amount * quantity), Currency);

    public Money Plus(Money other)
    {
        if (other.Currency != Currency) throw new DomainException("Cannot add amounts in different currencies.");
        return new(checked(Amount + other.Amount), Currency);
    }

    public override string ToString() => $"{Amount / 100m:0.00} {Currency}";
}

using O2O.Domain.Carts;
using O2O.Domain.Common;

namespace O2O.Domain.Tests.Carts;

public sealed class CartTakeOverTests
{
    private static readonly DateTimeOffset Now = new(2026, 6, 10, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void TakeOver_AddsTheVisitorsLines_UpToTheLimit_AndTakesTheirStore()
    {
        var shared = Guid.NewGuid();
        var other = Guid.NewGuid();
        var store = Guid.NewGuid();
        var account = new Cart(Guid.NewGuid(), Now);
        account.BelongTo("user-1", Now);
        account.Add(shared, 90, Now);
        var visitor = new Cart(Guid.NewGuid(), Now);
        visitor.Add(shared, 20, Now);
        visitor.Add(other, 1, Now);
        visitor.ChooseStore(store, Now);

        account.TakeOver(visitor, Now);

        account.Lines.Single(l => l.ProductId == shared).Quantity.ShouldBe(Cart.MaxQuantity);
        account.Lines.Single(l => l.ProductId == other).Quantity.ShouldBe(1);
        account.StoreId.ShouldBe(store);
        visitor.Lines.ShouldBeEmpty();
    }

    [Fact]
    public void ACartOfOneAccount_CannotBeGivenToAnother()
    {
        var cart = new Cart(Guid.NewGuid(), Now);
        cart.BelongTo("user-1", Now);

        Should.Throw<DomainException>(() => cart.BelongTo("user-2", Now));
    }
}

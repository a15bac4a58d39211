using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace O2O.Infrastructure.Data.Migrations
{
    /// <summary>
    /// The live board's trigger fires only for orders the board can show (ADR 42, amended): not while an order awaits
    /// payment, nor when such an order expires. A NOTIFY serializes the commits of the transactions that send one, and
    /// the bench measured that announcing every placed order halved the place-order transaction's rate; the board
    /// never lists PendingPayment or Expired orders, so those announcements only made every open board refetch.
    /// </summary>
    public partial class LiveBoardNotifiesOnlyWhatItShows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // WHEN is checked before the function is called; an INSERT trigger's WHEN cannot name OLD, hence two triggers.
            migrationBuilder.Sql("""
                DROP TRIGGER orders_notify_store ON orders;

                CREATE TRIGGER orders_notify_store AFTER INSERT ON orders
                    FOR EACH ROW WHEN (NEW.status NOT IN ('PendingPayment', 'Expired'))
                    EXECUTE FUNCTION notify_store_order();

                CREATE TRIGGER orders_notify_store_update AFTER UPDATE ON orders
                    FOR EACH ROW WHEN ((OLD.status NOT IN ('PendingPayment', 'Expired') OR NEW.status NOT IN ('PendingPayment', 'Expired'))
                                       AND OLD IS DISTINCT FROM NEW)
                    EXECUTE FUNCTION notify_store_order();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER orders_notify_store_update ON orders;
                DROP TRIGGER orders_notify_store ON orders;

                CREATE TRIGGER orders_notify_store AFTER INSERT OR UPDATE ON orders
                    FOR EACH ROW EXECUTE FUNCTION notify_store_order();
                """);
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace O2O.Infrastructure.Data.Migrations
{
    /// <summary>
    /// Every committed change to an order is announced on the channel <c>store_orders</c> (ADR 42). The trigger,
    /// not the use cases, publishes, so no code path can forget; NOTIFY is delivered on commit only, so a rolled-back
    /// change is never announced. It fires on any change of the row, so columns added later are covered too.
    /// </summary>
    public partial class LiveBoardNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The payload names the order, never its content: the board fetches what the clerk may see. Kinds: placed
            // (inserted), arrived (arrived_at first set), status (status changed; the new one is in status), changed.
            migrationBuilder.Sql("""
                CREATE FUNCTION notify_store_order() RETURNS trigger LANGUAGE plpgsql AS $$
                DECLARE
                    kind text;
                BEGIN
                    IF TG_OP = 'UPDATE' AND OLD IS NOT DISTINCT FROM NEW THEN
                        RETURN NULL;
                    END IF;
                    kind := CASE
                        WHEN TG_OP = 'INSERT' THEN 'placed'
                        WHEN OLD.arrived_at IS NULL AND NEW.arrived_at IS NOT NULL THEN 'arrived'
                        WHEN OLD.status IS DISTINCT FROM NEW.status THEN 'status'
                        ELSE 'changed'
                    END;
                    PERFORM pg_notify('store_orders', json_build_object(
                        'storeId', NEW.store_id, 'orderId', NEW.id, 'kind', kind, 'status', NEW.status)::text);
                    RETURN NULL;
                END
                $$;

                CREATE TRIGGER orders_notify_store AFTER INSERT OR UPDATE ON orders
                    FOR EACH ROW EXECUTE FUNCTION notify_store_order();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER orders_notify_store ON orders;
                DROP FUNCTION notify_store_order();
                """);
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace O2O.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class CollectNow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "collect_now_enabled",
                table: "stores",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "collect_now_orders_per_window",
                table: "stores",
                type: "integer",
                nullable: false,
                defaultValue: 4);

            migrationBuilder.AddColumn<int>(
                name: "collect_now_prepare_minutes",
                table: "stores",
                type: "integer",
                nullable: false,
                defaultValue: 15);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "collect_now_window",
                table: "orders",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "collect_now_bookings",
                columns: table => new
                {
                    store_id = table.Column<Guid>(type: "uuid", nullable: false),
                    window_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    capacity = table.Column<int>(type: "integer", nullable: false),
                    booked = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_collect_now_bookings", x => new { x.store_id, x.window_start });
                    table.CheckConstraint("ck_collect_now_bookings_booked_non_negative", "booked >= 0");
                    table.CheckConstraint("ck_collect_now_bookings_within_capacity", "booked <= capacity");
                    table.ForeignKey(
                        name: "fk_collect_now_bookings_stores_store_id",
                        column: x => x.store_id,
                        principalTable: "stores",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "collect_now_bookings");

            migrationBuilder.DropColumn(
                name: "collect_now_enabled",
                table: "stores");

            migrationBuilder.DropColumn(
                name: "collect_now_orders_per_window",
                table: "stores");

            migrationBuilder.DropColumn(
                name: "collect_now_prepare_minutes",
                table: "stores");

            migrationBuilder.DropColumn(
                name: "collect_now_window",
                table: "orders");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace O2O.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class PromoCodesOnline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "promo_code",
                table: "orders",
                type: "character varying(50)",
                maxLength: 50,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "promo_code_id",
                table: "orders",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "promo_discount_amount",
                table: "orders",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<Guid>(
                name: "promotion_id",
                table: "orders",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "category",
                table: "order_lines",
                type: "character varying(80)",
                maxLength: 80,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "promo_discount_amount",
                table: "order_lines",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.CreateIndex(
                name: "ix_orders_promo_code_id",
                table: "orders",
                column: "promo_code_id",
                filter: "promo_code_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_orders_promotion_id",
                table: "orders",
                column: "promotion_id",
                filter: "promotion_id IS NOT NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_orders_promo",
                table: "orders",
                sql: "promo_discount_amount >= 0 AND (promotion_id IS NULL) = (promo_code_id IS NULL) AND (promotion_id IS NOT NULL OR promo_discount_amount = 0)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_order_lines_promo_within_goods",
                table: "order_lines",
                sql: "promo_discount_amount >= 0 AND promo_discount_amount <= unit_price_amount * (quantity - short_quantity)");

            migrationBuilder.AddForeignKey(
                name: "fk_orders_promo_codes_promo_code_id",
                table: "orders",
                column: "promo_code_id",
                principalTable: "promo_codes",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "fk_orders_promotions_promotion_id",
                table: "orders",
                column: "promotion_id",
                principalTable: "promotions",
                principalColumn: "id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "fk_orders_promo_codes_promo_code_id",
                table: "orders");

            migrationBuilder.DropForeignKey(
                name: "fk_orders_promotions_promotion_id",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_orders_promo_code_id",
                table: "orders");

            migrationBuilder.DropIndex(
                name: "ix_orders_promotion_id",
                table: "orders");

            migrationBuilder.DropCheckConstraint(
                name: "ck_orders_promo",
                table: "orders");

            migrationBuilder.DropCheckConstraint(
                name: "ck_order_lines_promo_within_goods",
                table: "order_lines");

            migrationBuilder.DropColumn(
                name: "promo_code",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "promo_code_id",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "promo_discount_amount",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "promotion_id",
                table: "orders");

            migrationBuilder.DropColumn(
                name: "category",
                table: "order_lines");

            migrationBuilder.DropColumn(
                name: "promo_discount_amount",
                table: "order_lines");
        }
    }
}

using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace O2O.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class PromotionsFoundation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "promotions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    percent_basis_points = table.Column<int>(type: "integer", nullable: true),
                    amount_off_minor = table.Column<long>(type: "bigint", nullable: true),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: true),
                    minimum_subtotal_minor = table.Column<long>(type: "bigint", nullable: true),
                    product_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    categories = table.Column<List<string>>(type: "text[]", nullable: false),
                    store_ids = table.Column<List<Guid>>(type: "uuid[]", nullable: false),
                    valid_from = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    valid_until = table.Column<DateTime>(type: "timestamp without time zone", nullable: true),
                    first_order_only = table.Column<bool>(type: "boolean", nullable: false),
                    max_uses = table.Column<int>(type: "integer", nullable: true),
                    max_uses_per_customer = table.Column<int>(type: "integer", nullable: true),
                    code_mode = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    paused = table.Column<bool>(type: "boolean", nullable: false),
                    uses = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    xmin = table.Column<uint>(type: "xid", rowVersion: true, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_promotions", x => x.id);
                    table.CheckConstraint("ck_promotions_discount", "(kind = 'PercentOff' AND percent_basis_points BETWEEN 1 AND 10000 AND amount_off_minor IS NULL) OR (kind = 'AmountOff' AND percent_basis_points IS NULL AND amount_off_minor > 0 AND currency IS NOT NULL)");
                    table.CheckConstraint("ck_promotions_limits", "(max_uses IS NULL OR max_uses >= 1) AND (max_uses_per_customer IS NULL OR max_uses_per_customer >= 1)");
                    table.CheckConstraint("ck_promotions_minimum", "minimum_subtotal_minor IS NULL OR (minimum_subtotal_minor > 0 AND currency IS NOT NULL)");
                    table.CheckConstraint("ck_promotions_uses_within_limit", "uses >= 0 AND (max_uses IS NULL OR uses <= max_uses)");
                    table.CheckConstraint("ck_promotions_validity", "valid_from IS NULL OR valid_until IS NULL OR valid_until > valid_from");
                });

            migrationBuilder.CreateTable(
                name: "campaigns",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    promotion_id = table.Column<Guid>(type: "uuid", nullable: false),
                    store_id = table.Column<Guid>(type: "uuid", nullable: true),
                    radius_km = table.Column<int>(type: "integer", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_campaigns", x => x.id);
                    table.CheckConstraint("ck_campaigns_radius", "radius_km IS NULL OR (store_id IS NOT NULL AND radius_km BETWEEN 1 AND 500)");
                    table.ForeignKey(
                        name: "fk_campaigns_promotions_promotion_id",
                        column: x => x.promotion_id,
                        principalTable: "promotions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_campaigns_stores_store_id",
                        column: x => x.store_id,
                        principalTable: "stores",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "promo_customer_uses",
                columns: table => new
                {
                    promotion_id = table.Column<Guid>(type: "uuid", nullable: false),
                    customer_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    uses = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_promo_customer_uses", x => new { x.promotion_id, x.customer_key });
                    table.CheckConstraint("ck_promo_customer_uses_non_negative", "uses >= 0");
                    table.ForeignKey(
                        name: "fk_promo_customer_uses_promotions_promotion_id",
                        column: x => x.promotion_id,
                        principalTable: "promotions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "promo_codes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    promotion_id = table.Column<Guid>(type: "uuid", nullable: false),
                    code = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    normalized = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    single_use = table.Column<bool>(type: "boolean", nullable: false),
                    campaign_id = table.Column<Guid>(type: "uuid", nullable: true),
                    uses = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_promo_codes", x => x.id);
                    table.CheckConstraint("ck_promo_codes_uses", "uses >= 0 AND (NOT single_use OR uses <= 1)");
                    table.ForeignKey(
                        name: "fk_promo_codes_campaigns_campaign_id",
                        column: x => x.campaign_id,
                        principalTable: "campaigns",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_promo_codes_promotions_promotion_id",
                        column: x => x.promotion_id,
                        principalTable: "promotions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "campaign_recipients",
                columns: table => new
                {
                    campaign_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    code_id = table.Column<Guid>(type: "uuid", nullable: false),
                    culture = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_campaign_recipients", x => new { x.campaign_id, x.user_id });
                    table.ForeignKey(
                        name: "fk_campaign_recipients_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_campaign_recipients_campaigns_campaign_id",
                        column: x => x.campaign_id,
                        principalTable: "campaigns",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_campaign_recipients_promo_codes_code_id",
                        column: x => x.code_id,
                        principalTable: "promo_codes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "promo_redemptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    promotion_id = table.Column<Guid>(type: "uuid", nullable: false),
                    code_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    store_id = table.Column<Guid>(type: "uuid", nullable: false),
                    order_id = table.Column<Guid>(type: "uuid", nullable: true),
                    external_reference = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    customer_keys = table.Column<List<string>>(type: "text[]", nullable: false),
                    subtotal_minor = table.Column<long>(type: "bigint", nullable: false),
                    discount_minor = table.Column<long>(type: "bigint", nullable: false),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    released_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    released_reason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_promo_redemptions", x => x.id);
                    table.CheckConstraint("ck_promo_redemptions_amounts", "subtotal_minor >= 0 AND discount_minor >= 0 AND discount_minor <= subtotal_minor");
                    table.CheckConstraint("ck_promo_redemptions_channel", "(channel = 'Online' AND order_id IS NOT NULL) OR (channel = 'Counter' AND external_reference IS NOT NULL)");
                    table.CheckConstraint("ck_promo_redemptions_released", "(released_at IS NULL) = (released_reason IS NULL)");
                    table.ForeignKey(
                        name: "fk_promo_redemptions_orders_order_id",
                        column: x => x.order_id,
                        principalTable: "orders",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_promo_redemptions_promo_codes_code_id",
                        column: x => x.code_id,
                        principalTable: "promo_codes",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_promo_redemptions_promotions_promotion_id",
                        column: x => x.promotion_id,
                        principalTable: "promotions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "fk_promo_redemptions_stores_store_id",
                        column: x => x.store_id,
                        principalTable: "stores",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_campaign_recipients_code_id",
                table: "campaign_recipients",
                column: "code_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_campaign_recipients_user_id",
                table: "campaign_recipients",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_campaigns_created_at",
                table: "campaigns",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_campaigns_promotion_id",
                table: "campaigns",
                column: "promotion_id");

            migrationBuilder.CreateIndex(
                name: "ix_campaigns_store_id",
                table: "campaigns",
                column: "store_id");

            migrationBuilder.CreateIndex(
                name: "ix_promo_codes_campaign_id",
                table: "promo_codes",
                column: "campaign_id",
                filter: "campaign_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_promo_codes_normalized",
                table: "promo_codes",
                column: "normalized",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_promo_codes_promotion_id",
                table: "promo_codes",
                column: "promotion_id");

            migrationBuilder.CreateIndex(
                name: "ix_promo_redemptions_code_id",
                table: "promo_redemptions",
                column: "code_id");

            migrationBuilder.CreateIndex(
                name: "ix_promo_redemptions_order_live",
                table: "promo_redemptions",
                column: "order_id",
                unique: true,
                filter: "order_id IS NOT NULL AND released_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_promo_redemptions_promotion_id_created_at",
                table: "promo_redemptions",
                columns: new[] { "promotion_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_promo_redemptions_store_id_external_reference",
                table: "promo_redemptions",
                columns: new[] { "store_id", "external_reference" },
                unique: true,
                filter: "external_reference IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_promotions_created_at",
                table: "promotions",
                column: "created_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "campaign_recipients");

            migrationBuilder.DropTable(
                name: "promo_customer_uses");

            migrationBuilder.DropTable(
                name: "promo_redemptions");

            migrationBuilder.DropTable(
                name: "promo_codes");

            migrationBuilder.DropTable(
                name: "campaigns");

            migrationBuilder.DropTable(
                name: "promotions");
        }
    }
}

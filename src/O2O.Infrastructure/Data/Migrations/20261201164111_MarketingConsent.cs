using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace O2O.Infrastructure.Data.Migrations
{
    /// <inheritdoc />
    public partial class MarketingConsent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "unsubscribe_url",
                table: "outbox_emails",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "user_id",
                table: "outbox_emails",
                type: "character varying(450)",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "marketing_consent_changes",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    given = table.Column<bool>(type: "boolean", nullable: false),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    campaign_id = table.Column<Guid>(type: "uuid", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_marketing_consent_changes", x => x.id);
                    table.CheckConstraint("ck_marketing_consent_changes_source", "source IN ('Registration', 'Account', 'Unsubscribe')");
                    table.ForeignKey(
                        name: "fk_marketing_consent_changes_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "marketing_consents",
                columns: table => new
                {
                    user_id = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    given = table.Column<bool>(type: "boolean", nullable: false),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    changed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_marketing_consents", x => x.user_id);
                    table.CheckConstraint("ck_marketing_consents_source", "source IN ('Registration', 'Account', 'Unsubscribe')");
                    table.ForeignKey(
                        name: "fk_marketing_consents_asp_net_users_user_id",
                        column: x => x.user_id,
                        principalTable: "AspNetUsers",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_outbox_emails_user_id",
                table: "outbox_emails",
                column: "user_id",
                filter: "user_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_marketing_consent_changes_user_id_id",
                table: "marketing_consent_changes",
                columns: new[] { "user_id", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_marketing_consents_given",
                table: "marketing_consents",
                column: "user_id",
                filter: "given");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "marketing_consent_changes");

            migrationBuilder.DropTable(
                name: "marketing_consents");

            migrationBuilder.DropIndex(
                name: "ix_outbox_emails_user_id",
                table: "outbox_emails");

            migrationBuilder.DropColumn(
                name: "unsubscribe_url",
                table: "outbox_emails");

            migrationBuilder.DropColumn(
                name: "user_id",
                table: "outbox_emails");
        }
    }
}

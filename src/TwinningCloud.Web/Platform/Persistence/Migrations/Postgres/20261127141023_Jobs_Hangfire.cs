using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TwinningCloud.Web.Platform.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Jobs_Hangfire : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "job_schedules");

            migrationBuilder.DropIndex(
                name: "ix_jobs_ready",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_state_locked_until",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "locked_until",
                table: "jobs");

            migrationBuilder.AddColumn<string>(
                name: "hangfire_job_id",
                table: "jobs",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "reminder_recipient_deliveries",
                columns: table => new
                {
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: false),
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    delivery_id = table.Column<Guid>(type: "uuid", nullable: false),
                    email = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    cancel_reason = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    job_key = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    sent_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reminder_recipient_deliveries", x => new { x.tenant_id, x.id });
                    table.ForeignKey(
                        name: "fk_reminder_recipient_deliveries_reminder_deliveries_tenant_id~",
                        columns: x => new { x.tenant_id, x.delivery_id },
                        principalTable: "reminder_deliveries",
                        principalColumns: new[] { "tenant_id", "id" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_state_finished_at",
                table: "jobs",
                columns: new[] { "state", "finished_at" });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_undispatched",
                table: "jobs",
                column: "id",
                filter: "hangfire_job_id IS NULL AND state = 'queued'");

            migrationBuilder.CreateIndex(
                name: "ix_reminder_recipient_deliveries_tenant_id_delivery_id_email",
                table: "reminder_recipient_deliveries",
                columns: new[] { "tenant_id", "delivery_id", "email" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "reminder_recipient_deliveries");

            migrationBuilder.DropIndex(
                name: "ix_jobs_state_finished_at",
                table: "jobs");

            migrationBuilder.DropIndex(
                name: "ix_jobs_undispatched",
                table: "jobs");

            migrationBuilder.DropColumn(
                name: "hangfire_job_id",
                table: "jobs");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "locked_until",
                table: "jobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "job_schedules",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    cron = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    last_fired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    next_fire_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    payload = table.Column<string>(type: "text", nullable: false),
                    tenant_id = table.Column<Guid>(type: "uuid", nullable: true),
                    time_zone_id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_job_schedules", x => x.key);
                });

            migrationBuilder.CreateIndex(
                name: "ix_jobs_ready",
                table: "jobs",
                columns: new[] { "run_at", "id" },
                filter: "state IN ('queued', 'failed')");

            migrationBuilder.CreateIndex(
                name: "ix_jobs_state_locked_until",
                table: "jobs",
                columns: new[] { "state", "locked_until" });

            migrationBuilder.CreateIndex(
                name: "ix_job_schedules_next_fire_at",
                table: "job_schedules",
                column: "next_fire_at");

            migrationBuilder.CreateIndex(
                name: "ix_job_schedules_tenant_id",
                table: "job_schedules",
                column: "tenant_id");
        }
    }
}

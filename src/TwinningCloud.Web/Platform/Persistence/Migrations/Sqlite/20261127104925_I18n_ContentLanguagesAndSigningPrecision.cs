using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TwinningCloud.Web.Platform.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class I18n_ContentLanguagesAndSigningPrecision : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "name_en",
                table: "partner_cities",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "name_fr",
                table: "partner_cities",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "name_en",
                table: "networks",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "signed_precision",
                table: "agreements",
                type: "TEXT",
                maxLength: 8,
                nullable: false,
                defaultValue: "Day");

            migrationBuilder.AddColumn<string>(
                name: "summary_en",
                table: "agreements",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "summary_fr",
                table: "agreements",
                type: "TEXT",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "title_en",
                table: "agreements",
                type: "TEXT",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "title_fr",
                table: "agreements",
                type: "TEXT",
                maxLength: 300,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "name_en",
                table: "partner_cities");

            migrationBuilder.DropColumn(
                name: "name_fr",
                table: "partner_cities");

            migrationBuilder.DropColumn(
                name: "name_en",
                table: "networks");

            migrationBuilder.DropColumn(
                name: "signed_precision",
                table: "agreements");

            migrationBuilder.DropColumn(
                name: "summary_en",
                table: "agreements");

            migrationBuilder.DropColumn(
                name: "summary_fr",
                table: "agreements");

            migrationBuilder.DropColumn(
                name: "title_en",
                table: "agreements");

            migrationBuilder.DropColumn(
                name: "title_fr",
                table: "agreements");
        }
    }
}

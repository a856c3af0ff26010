// tf-hub: the stand-in Hugging Face Hub. Subcommands:
//   add-folder  commit a local folder to a repo
//   generate    commit generated files of given sizes to a repo
//   serve       serve the repos over the Hub's download protocol on 127.0.0.1
#include <iostream>

#include <CLI/CLI.hpp>

#include "io/error.hpp"
#include "tools/hub/cli/add_folder_command.hpp"
#include "tools/hub/cli/generate_command.hpp"
#include "tools/hub/cli/serve_command.hpp"

int main(int argc, char** argv) {
  CLI::App app("tf-hub: a stand-in Hugging Face Hub on 127.0.0.1 for tests and benchmarks");
  app.require_subcommand(1);
  tf::hub::cli::AddFolderCommand add_folder;
  tf::hub::cli::GenerateCommand generate;
  tf::hub::cli::ServeCommand serve;
  add_folder.add_to(app);
  generate.add_to(app);
  serve.add_to(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  } catch (const tf::Error& e) {
    std::cerr << "tf-hub: " << tf::to_string(e.kind()) << ": " << e.what() << "\n";
    return e.kind() == tf::ErrorKind::invalid_argument ? 2 : 1;
  } catch (const std::exception& e) {
    std::cerr << "tf-hub: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

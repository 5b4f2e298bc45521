#include "actions/endpoint.h"
#include "actions/sigv4/credentials.h"
#include "actions_test_util.h"
#include "gtest/gtest.h"

#include <fstream>
#include <map>
#include <sys/stat.h>

namespace iotsql::actions {
namespace {

EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars](const std::string& name) -> std::optional<std::string> {
    auto it = vars.find(name);
    if (it == vars.end()) return std::nullopt;
    return it->second;
  };
}

class FakeHome : public ::testing::Test {
 protected:
  void SetUp() override {
    home_ = testing_actions::MakeTempDir();
    mkdir((home_ + "/.aws").c_str(), 0700);
    std::ofstream(home_ + "/.aws/credentials") << "# comment\n"
        "[default]\naws_access_key_id = AKIDDEFAULT00001\naws_secret_access_key = secretdefault\n\n"
        "[dev]\n aws_access_key_id=ignored-indented\naws_access_key_id=AKIDDEV000000002\n"
        "aws_secret_access_key=secretdev\naws_session_token = tokendev\n";
    std::ofstream(home_ + "/.aws/config") << "[default]\nregion = eu-central-1\n"
        "[profile dev]\nregion=ap-south-1\ns3 =\n  addressing_style = path\n"
        "[profile cfgonly]\naws_access_key_id = AKIDCFG000000003\naws_secret_access_key = secretcfg\n";
  }
  void TearDown() override { testing_actions::RemoveTree(home_); }
  std::string home_;
};

TEST_F(FakeHome, EnvironmentFirst) {
  auto c = ResolveCredentials("", Env({{"HOME", home_}, {"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                       {"AWS_SECRET_ACCESS_KEY", "secretenv"},
                                       {"AWS_SESSION_TOKEN", "tok"}}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "AKIDENV");
  EXPECT_EQ(c->secret_access_key, "secretenv");
  EXPECT_EQ(c->session_token, "tok");
  EXPECT_EQ(c->source, "environment");
}

TEST_F(FakeHome, ProfilesFromTheCredentialsAndConfigFiles) {
  auto c = ResolveCredentials("", Env({{"HOME", home_}}));
  ASSERT_TRUE(c.ok()) << c.status();
  EXPECT_EQ(c->access_key_id, "AKIDDEFAULT00001");
  EXPECT_EQ(c->source, "profile default in " + home_ + "/.aws/credentials");
  c = ResolveCredentials("", Env({{"HOME", home_}, {"AWS_PROFILE", "dev"}}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "AKIDDEV000000002");
  EXPECT_EQ(c->session_token, "tokendev");
  // An explicit profile wins over keys in the environment.
  c = ResolveCredentials("cfgonly", Env({{"HOME", home_}, {"AWS_ACCESS_KEY_ID", "AKIDENV"},
                                         {"AWS_SECRET_ACCESS_KEY", "secretenv"}}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "AKIDCFG000000003");
  EXPECT_EQ(c->source, "profile cfgonly in " + home_ + "/.aws/config");
  // AWS_SHARED_CREDENTIALS_FILE moves the credentials file.
  c = ResolveCredentials("", Env({{"HOME", "/nonexistent"},
                                  {"AWS_SHARED_CREDENTIALS_FILE", home_ + "/.aws/credentials"}}));
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->access_key_id, "AKIDDEFAULT00001");
}

TEST_F(FakeHome, MissingCredentialsSayWhereTheyWereLookedFor) {
  auto c = ResolveCredentials("nope", Env({{"HOME", home_}}));
  EXPECT_EQ(c.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(c.status().message().find("profile \"nope\""), absl::string_view::npos);
}

TEST_F(FakeHome, Region) {
  EXPECT_EQ(*ResolveRegion("us-west-2", "", Env({{"AWS_REGION", "x"}})), "us-west-2");
  EXPECT_EQ(*ResolveRegion("", "", Env({{"AWS_REGION", "r1"}, {"AWS_DEFAULT_REGION", "r2"}})), "r1");
  EXPECT_EQ(*ResolveRegion("", "", Env({{"AWS_DEFAULT_REGION", "r2"}})), "r2");
  EXPECT_EQ(*ResolveRegion("", "", Env({{"HOME", home_}})), "eu-central-1");
  EXPECT_EQ(*ResolveRegion("", "", Env({{"HOME", home_}, {"AWS_PROFILE", "dev"}})), "ap-south-1");
  EXPECT_FALSE(ResolveRegion("", "", Env({{"HOME", "/nonexistent"}})).ok());
}

TEST(ActionsCredentials, DescribeNeverShowsTheSecret) {
  AwsCredentials c{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "tok", "environment"};
  std::string d = DescribeCredentials(c);
  EXPECT_EQ(d, "AKIA…MPLE with a session token (environment)");
  EXPECT_EQ(d.find(c.secret_access_key), std::string::npos);
}

TEST(ActionsEndpoint, Precedence) {
  auto e = ResolveEndpoint("s3", "us-east-1", "", Env({}));
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->base_url, "https://s3.us-east-1.amazonaws.com");
  EXPECT_FALSE(e->custom);
  EXPECT_EQ(ResolveEndpoint("sns", "cn-north-1", "", Env({}))->base_url,
            "https://sns.cn-north-1.amazonaws.com.cn");
  auto env = Env({{"AWS_ENDPOINT_URL", "http://all:1/"}, {"AWS_ENDPOINT_URL_DYNAMODB", "http://ddb:2"}});
  EXPECT_EQ(ResolveEndpoint("dynamodb", "us-east-1", "", env)->base_url, "http://ddb:2");
  EXPECT_EQ(ResolveEndpoint("lambda", "us-east-1", "", env)->base_url, "http://all:1");
  EXPECT_TRUE(ResolveEndpoint("lambda", "us-east-1", "", env)->custom);
  EXPECT_EQ(ResolveEndpoint("lambda", "us-east-1", "http://cli:3", env)->base_url, "http://cli:3");
  auto ignored = Env({{"AWS_ENDPOINT_URL", "http://all:1"},
                      {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}});
  EXPECT_EQ(ResolveEndpoint("sns", "eu-west-1", "", ignored)->base_url,
            "https://sns.eu-west-1.amazonaws.com");
  EXPECT_FALSE(ResolveEndpoint("sns", "eu-west-1", "ftp://x", Env({})).ok());
}

}  // namespace
}  // namespace iotsql::actions

#include "benchmarks/corpus.h"

#include <random>

namespace triage_bench {
namespace {

const std::vector<std::string> kZhSubjects = {
    "付款",     "扫码支付", "转账",   "提现", "充值",   "退款",
    "余额",     "银行卡",   "账号",   "登录", "验证码", "支付密码",
    "实名认证", "分期",     "客服",   "App",  "提現",   "轉賬",
    "帳號",     "花呗",     "手续费", "限额", "订单",   "红包"};
const std::vector<std::string> kZhTroubles = {
    "一直失败",   "没到账",       "显示处理中", "被冻结了", "收不到",
    "闪退",       "提示系统繁忙", "扣了两次",   "不对",     "怎么弄",
    "还没退回来", "打不开",       "被驳回了",   "忘了",     "一直转圈",
    "失敗了",     "沒收到",       "多扣了钱",   "不让用了", "找不到入口",
    "好慢",       "没人回"};
const std::vector<std::string> kZhFillers = {
    "你好",     "请问",   "急！",        "麻烦看一下", "昨天晚上",
    "今天中午", "在超市", "已经三天了",  "怎么回事",   "谢谢",
    "？？",     "。",     "，",          "我的",       "刚才",
    "在淘宝上", "给朋友", "从早上到现在"};
const std::vector<std::string> kEnSubjects = {
    "payment", "transfer", "withdrawal",     "top-up",      "refund",
    "balance", "card",     "account",        "login",       "verification code",
    "PIN",     "app",      "identity check", "installment", "support",
    "fee",     "limit",    "order"};
const std::vector<std::string> kEnTroubles = {"failed",
                                              "has not arrived",
                                              "is pending",
                                              "got declined",
                                              "is locked",
                                              "keeps crashing",
                                              "was charged twice",
                                              "is wrong",
                                              "how do I set it up",
                                              "never came",
                                              "was rejected",
                                              "I forgot it",
                                              "won't load",
                                              "no one answers",
                                              "took too long",
                                              "shows an error"};
const std::vector<std::string> kEnFillers = {"hi",
                                             "please help",
                                             "urgent",
                                             "yesterday",
                                             "this morning",
                                             "at the store",
                                             "for 3 days now",
                                             "what is going on",
                                             "thanks",
                                             "??",
                                             ".",
                                             ",",
                                             "my",
                                             "again",
                                             "since last week",
                                             "to my friend"};

std::string Pick(const std::vector<std::string>& v, std::mt19937& rng) {
  return v[std::uniform_int_distribution<size_t>(0, v.size() - 1)(rng)];
}

std::string Message(std::mt19937& rng) {
  const bool zh = std::uniform_int_distribution<int>(0, 9)(rng) < 6;
  const auto& subj = zh ? kZhSubjects : kEnSubjects;
  const auto& trouble = zh ? kZhTroubles : kEnTroubles;
  const auto& filler = zh ? kZhFillers : kEnFillers;
  const char* sep = zh ? "" : " ";
  std::string m;
  const int parts = std::uniform_int_distribution<int>(2, 6)(rng);
  for (int i = 0; i < parts; ++i) {
    const int kind = std::uniform_int_distribution<int>(0, 3)(rng);
    std::string piece =
        kind == 0   ? Pick(filler, rng)
        : kind == 1 ? Pick(subj, rng)
        : kind == 2 ? Pick(trouble, rng)
                    : std::to_string(rng() % 5000) + (zh ? "元" : " dollars");
    if (!m.empty()) m += sep;
    m += piece;
  }
  return m;
}

std::string Escape(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string Renamed(const std::string& pattern, const triage::RulePack& base,
                    size_t copy) {
  std::string out = pattern;
  for (const triage::Lexicon& lex : base.lexicons()) {
    const std::string from = "{" + lex.name + "}";
    const std::string to = "{" + lex.name + "_c" + std::to_string(copy) + "}";
    for (size_t p = out.find(from); p != std::string::npos;
         p = out.find(from, p + to.size())) {
      out.replace(p, from.size(), to);
    }
  }
  return out;
}

// Appends one renamed copy of `base`, at most `*budget` patterns of it.
void AppendCopy(const triage::RulePack& base, size_t copy, size_t* budget,
                std::string* toml) {
  const std::string suffix = "_c" + std::to_string(copy);
  for (const triage::Lexicon& lex : base.lexicons()) {
    *toml += "[[lexicon]]\nname = " + Escape(lex.name + suffix) + "\nterms = [";
    for (const std::string& t : lex.terms) *toml += Escape(t) + ", ";
    *toml += Escape("zq" + std::to_string(copy) + lex.name) + "]\n";
  }
  for (const triage::Category& c : base.categories()) {
    if (*budget == 0) return;
    *toml += "[[category]]\nid = " + Escape(c.id + suffix) +
             "\nurgency = " + Escape(triage::UrgencyName(c.urgency)) +
             "\ntitle = { zh = \"t\", en = \"t\" }\n";
    for (const triage::Rule& r : c.rules) {
      if (*budget == 0) break;
      *toml += "[[category.rule]]\nid = " + Escape(r.id + suffix) +
               "\nweight = " + std::to_string(r.weight) + "\npatterns = [";
      for (const std::string& p : r.patterns) {
        if (*budget == 0) break;
        *toml += Escape(Renamed(p, base, copy)) + ", ";
        --*budget;
      }
      *toml += "]\n";
    }
    *toml += "[[category.step]]\nid = \"s\"\nzh = \"s\"\nen = \"s\"\n";
  }
}

}  // namespace

std::vector<std::string> ShortMessages(size_t n, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) out.push_back(Message(rng));
  return out;
}

std::string Transcript(size_t bytes, uint32_t seed) {
  std::mt19937 rng(seed);
  std::string out;
  while (out.size() < bytes) {
    out += (rng() % 2 ? "用户: " : "客服: ") + Message(rng) + "\n";
  }
  return out;
}

size_t PatternCount(const triage::RulePack& pack) {
  size_t n = 0;
  for (const triage::Category& c : pack.categories()) {
    for (const triage::Rule& r : c.rules) n += r.patterns.size();
  }
  return n;
}

std::string ScaledPackToml(const triage::RulePack& base, size_t patterns) {
  std::string toml =
      "[pack]\nname = \"scaled\"\nversion = \"1\"\nlanguages = [\"zh\", "
      "\"en\"]\n[fallback]\n[[fallback.step]]\nid = \"f\"\nzh = \"f\"\nen = "
      "\"f\"\n";
  size_t budget = patterns;
  for (size_t copy = 0; budget > 0; ++copy)
    AppendCopy(base, copy, &budget, &toml);
  return toml;
}

}  // namespace triage_bench

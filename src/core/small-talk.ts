/**
 * Small talk: messages that are not questions about a document ("hi", "thanks, that's all", "what can
 * you do?"). General English cues, shared by the answerer (which replies in kind) and the follow-up
 * rewriter (which leaves them alone).
 */

/** What a small-talk message does. */
export type SmallTalkAct = 'greeting' | 'thanks' | 'capabilities' | 'farewell';

const GREETING = /^(?:hi|hello|hey|hiya|howdy|greetings|good (?:morning|afternoon|evening|day)|yo)\b(?:\s+(?:there|all|everyone|dossier))?/i;
const THANKS = /^(?:thanks?(?: you)?(?: (?:so|very) much| a lot| a million| again)?|thank you|many thanks|cheers|ta|much appreciated|great,? thanks?|ok(?:ay)?,? thanks?)\b/i;
const FAREWELL = /^(?:bye|goodbye|see you|good night|later)\b/i;
const CAPABILITIES =
  /^(?:what (?:else )?(?:can|do|could) you (?:do|know|answer|help(?: me)? with|assist(?: me)? with|tell me)(?: for me)?|who are you|what are you|what are you (?:able|here) to do|(?:how|what) (?:can|could|do) you (?:help|assist|work)(?: me)?(?: with)?|(?:can|could) you help(?: me)?|help(?: me)?|what (?:should|can|could) i ask(?: you)?(?: about)?|what (?:kinds?|sorts?|types?) of (?:questions|things) (?:can|could|should) i ask(?: you)?|what is this(?: (?:tool|bot|assistant|service))?|how does this work)[\s?!.]*$/i;
/** What people say to end a conversation ("that's all", "no more questions"), alone or after "thanks". */
const CLOSER = /^(?:that'?s (?:all|it|everything|great|helpful|perfect)|that is (?:all|it|everything)|that will be all|all good|no more questions|nothing else|i'?m (?:done|good|all set)|got it|perfect|great|awesome|(?:very )?helpful|ok(?:ay)?|cool|nice|alright|for now|for (?:your|the|all the) help)\b(?:[\s,]+(?:for now|thanks?|thank you|bye))*[\s!.]*$/i;

/** The small-talk act of a message that is nothing else ("hi", "thanks!", "hello, what can you do?"), or undefined. */
export function smallTalkAct(message: string): SmallTalkAct | undefined {
  const q = message.trim().replace(/\s+/g, ' ');
  const rest = (re: RegExp) => q.replace(re, '').replace(/^[\s,.!?:;-]+/, '').trim();
  if (THANKS.test(q)) return rest(THANKS) === '' || FAREWELL.test(rest(THANKS)) || CLOSER.test(rest(THANKS)) ? 'thanks' : undefined;
  if (FAREWELL.test(q) && rest(FAREWELL).length < 12) return 'farewell';
  if (CLOSER.test(q.replace(/^(?:ok(?:ay)?|alright|right)[\s,]+/i, '')) && q.split(/\s+/).length <= 6) {
    // A bare acknowledgement ("ok", "got it") keeps the conversation open; "that's all" ends it.
    return /^(?:ok(?:ay)?|cool|nice|alright|great|perfect|awesome|got it|(?:very )?helpful)[\s!.]*$/i.test(q) ? 'thanks' : 'farewell';
  }
  const afterGreeting = GREETING.test(q) ? rest(GREETING) : q;
  if (CAPABILITIES.test(afterGreeting) && afterGreeting.split(/\s+/).length <= 8) return 'capabilities';
  if (GREETING.test(q) && (afterGreeting === '' || /^(?:how are you|how's it going|what's up)\b/i.test(afterGreeting))) return 'greeting';
  return undefined;
}

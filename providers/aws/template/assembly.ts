// The stacks of one cloud assembly, read together. A stack deployed after another one can read what that stack
// writes into SSM (a template parameter of type AWS::SSM::Parameter::Value<String> whose value names the SSM
// parameter): when a sibling stack of the same assembly, in the same account and region, declares that
// AWS::SSM::Parameter, the reading stack's parameter stands for the sibling's `Value` — `GetAtt Key.Arn` there
// is a reference to that key resource — so what one stack uses of another is judged on what the other declares.
// A lone template has no siblings: such a parameter stays unknown (it is read at deploy time).
import type { TemplateEnvironment } from './intrinsics';
import { TemplateContext, type SiblingStacks, type TemplateResource } from './template-context';
import { Unresolved, type Resolved } from './values';

const SSM_PARAMETER = 'AWS::SSM::Parameter';

/** One stack of the assembly: its deployed name, its parsed template and where it deploys. */
export interface AssemblyStack {
  readonly stackName: string;
  readonly template: unknown;
  readonly environment: TemplateEnvironment;
}

/** What the reader assumes of every stack (the same `--parameters` apply to all stacks of a scan). */
export interface AssemblyAssumptions {
  readonly parameterValues?: Readonly<Record<string, string>>;
  readonly resolvedParameterValues?: Readonly<Record<string, string>>;
}

const sameEnvironment = (a: TemplateEnvironment, b: TemplateEnvironment) => a.account === b.account && a.region === b.region;

export class CloudAssemblyStacks {
  /** Each stack read once, when a sibling first needs it (without assumed conditions). */
  private readonly contexts = new Map<string, TemplateContext>();
  /** SSM parameter names being resolved: a chain of stacks that leads back to one is cut there. */
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly stacks: readonly AssemblyStack[],
    private readonly assumptions: AssemblyAssumptions = {},
  ) {}

  /** The siblings of `stackName`: every other stack of the assembly. */
  siblingsOf(stackName: string): SiblingStacks {
    const reader = this.stacks.find((s) => s.stackName === stackName);
    const others = this.stacks.filter((s) => s.stackName !== stackName);
    return {
      ssmParameterValue: (name) => (reader ? this.ssmParameterValue(name, others.filter((s) => sameEnvironment(s.environment, reader.environment))) : undefined),
      resource: (modelId) => this.resource(modelId, others),
    };
  }

  private context(stack: AssemblyStack): TemplateContext {
    let context = this.contexts.get(stack.stackName);
    if (!context) {
      context = new TemplateContext(stack.stackName, stack.template, stack.environment, { ...this.assumptions, siblings: this.siblingsOf(stack.stackName) });
      this.contexts.set(stack.stackName, context);
    }
    return context;
  }

  private ssmParameterValue(name: string, candidates: readonly AssemblyStack[]): Resolved | undefined {
    if (this.inProgress.has(name)) return new Unresolved(`SSM parameter ${name} is written from its own value through the assembly's stacks (a cycle)`, name);
    this.inProgress.add(name);
    try {
      const writers = candidates.flatMap((stack) => {
        const context = this.context(stack);
        return context
          .ofType(SSM_PARAMETER)
          .filter((p) => context.render(p.get(['Name']) ?? null) === name)
          .map((parameter) => ({ stack, context, parameter }));
      });
      if (writers.length === 0) return undefined;
      if (writers.length > 1) {
        return new Unresolved(`SSM parameter ${name} is written by several stacks of the assembly (${writers.map((w) => `${w.stack.stackName}/${w.parameter.logicalId}`).join(', ')}): which value is read depends on the deploy order`, name);
      }
      const [{ stack, context, parameter }] = writers;
      const where = `${stack.stackName}/${parameter.logicalId}`;
      // Created only under a condition the template cannot decide: whether the value exists is not known.
      if (parameter.condition !== null && context.resolver.condition(parameter.condition) !== true) {
        return new Unresolved(`SSM parameter ${name} is written by ${where} only when condition ${parameter.condition} holds, which the template cannot decide`, name);
      }
      const type = parameter.get(['Type']);
      if (type !== undefined && type !== 'String') return new Unresolved(`SSM parameter ${name} (${where}) is of type ${String(type)}, not String`, name);
      const value = parameter.get(['Value']);
      return value === undefined ? new Unresolved(`SSM parameter ${name} (${where}) declares no Value`, name) : value;
    } finally {
      this.inProgress.delete(name);
    }
  }

  private resource(modelId: string, candidates: readonly AssemblyStack[]): TemplateResource | undefined {
    for (const stack of candidates) {
      if (!modelId.startsWith(`${stack.stackName}/`)) continue;
      const logicalId = modelId.slice(stack.stackName.length + 1);
      const found = this.context(stack).resource(logicalId);
      if (found && found.modelId === modelId) return found;
    }
    return undefined;
  }
}

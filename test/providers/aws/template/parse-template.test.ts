import { parseTemplateText, TemplateParseError } from '../../../../providers/aws/template/parse-template';

describe('parseTemplateText', () => {
  it('turns YAML short-form tags into the long form', () => {
    const template = parseTemplateText(
      [
        'A: !Ref Bucket',
        'B: !GetAtt Role.Arn',
        'C: !Sub "s3://${Bucket}/x"',
        'D: !Join ["", [a, !Ref AWS::Region]]',
        'E: !If [IsProd, !Select [0, !Split [",", "a,b"]], !Ref AWS::NoValue]',
        'F: !FindInMap [Map, !Ref Env, Key]',
        'G: !ImportValue shared-key',
        'H: !Sub ["${X}", { X: !GetAtt [Key, Arn] }]',
        'I: !Equals [!Ref Env, prod]',
        'J: !Base64 { "Fn::Sub": "x" }',
        'K: "2012-10-17"',
        'L: 2012-10-17',
      ].join('\n'),
      'short.yaml',
    );
    expect(template).toEqual({
      A: { Ref: 'Bucket' },
      B: { 'Fn::GetAtt': ['Role', 'Arn'] },
      C: { 'Fn::Sub': 's3://${Bucket}/x' },
      D: { 'Fn::Join': ['', ['a', { Ref: 'AWS::Region' }]] },
      E: { 'Fn::If': ['IsProd', { 'Fn::Select': [0, { 'Fn::Split': [',', 'a,b'] }] }, { Ref: 'AWS::NoValue' }] },
      F: { 'Fn::FindInMap': ['Map', { Ref: 'Env' }, 'Key'] },
      G: { 'Fn::ImportValue': 'shared-key' },
      H: { 'Fn::Sub': ['${X}', { X: { 'Fn::GetAtt': ['Key', 'Arn'] } }] },
      I: { 'Fn::Equals': [{ Ref: 'Env' }, 'prod'] },
      J: { 'Fn::Base64': { 'Fn::Sub': 'x' } },
      // Versions stay strings, quoted or not (YAML 1.2 has no timestamps).
      K: '2012-10-17',
      L: '2012-10-17',
    });
  });

  it('reads JSON templates', () => {
    expect(parseTemplateText('{"Resources": {"B": {"Type": "AWS::S3::Bucket"}}}', 't.json')).toEqual({ Resources: { B: { Type: 'AWS::S3::Bucket' } } });
  });

  it('names the file and the problem on bad input', () => {
    expect(() => parseTemplateText('{"Resources": ', 'broken.json')).toThrow(TemplateParseError);
    expect(() => parseTemplateText('{"Resources": ', 'broken.json')).toThrow(/broken\.json: is not valid JSON/);
    expect(() => parseTemplateText('A: [unclosed', 'broken.yaml')).toThrow(/broken\.yaml: is not valid YAML/);
    expect(() => parseTemplateText('A: 1\nA: 2', 'dup.yaml')).toThrow(/dup\.yaml/);
  });
});

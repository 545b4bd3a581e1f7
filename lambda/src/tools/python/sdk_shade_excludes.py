#!/usr/bin/env python3
"""Prints the shade filters that leave out of the function jar what the AWS SDK service jars carry for operations the
function never calls.

    ./mvnw -q -pl lambda package -DskipTests && python3 lambda/src/tools/python/sdk_shade_excludes.py lambda

Paste the output between the GENERATED markers in lambda/pom.xml. Run it again after the function starts calling
another operation of these services (ShadedJarIT fails until then: it checks that every SDK request the function's
classes name has its classes in the jar) or after an SDK upgrade.

For each service jar the function uses (found from the SDK request classes its compiled classes name), an operation it
does not call loses its response class, its request's builders and its marshaller; the request class itself stays,
because the client's method for the operation hands it to the SDK as an SdkRequest, so the verifier loads it when it
links the client. Async clients, the async batch manager, waiters and paginators the function does not use go too. Then every model and
transform class no longer reachable, through the constant pools, from what stays (the clients, endpoints rules,
interceptors, auth, every modelled exception) goes; a class other than the client that names an operation's classes (an
interceptor testing a response's type) keeps them. Only the service jars named are filtered: an SDK service jar added
later is shaded whole until this script is run for it.
"""
import re
import struct
import sys
import zipfile
from pathlib import Path

SERVICES_PREFIX = 'software/amazon/awssdk/services/'


def constant_pool_classes(data):
    """Class names a class file refers to: its class constants and the types in its descriptors and signatures."""
    count = struct.unpack('>H', data[8:10])[0]
    i, index, utf8, classes = 10, 1, {}, []
    while index < count:
        tag = data[i]
        if tag == 1:
            length = struct.unpack('>H', data[i + 1:i + 3])[0]
            utf8[index] = data[i + 3:i + 3 + length].decode('utf-8', 'replace')
            i += 3 + length
        elif tag in (7, 8, 16, 19, 20):
            if tag == 7:
                classes.append(struct.unpack('>H', data[i + 1:i + 3])[0])
            i += 3
        elif tag == 15:
            i += 4
        elif tag in (3, 4, 9, 10, 11, 12, 17, 18):
            i += 5
        elif tag in (5, 6):
            i += 9
            index += 1
        else:
            raise ValueError('unknown constant pool tag %d' % tag)
        index += 1
    names = {utf8[c] for c in classes if c in utf8}
    for text in utf8.values():
        names.update(re.findall(r'L(software/amazon/awssdk/services/[\w/$]+)[;<]', text))
    return names


def used_by_function(classes_dir):
    """{service: (operations, paginated operations)} named by the function's compiled classes."""
    used = {}
    for path in Path(classes_dir).rglob('*.class'):
        for name in constant_pool_classes(path.read_bytes()):
            match = re.match(SERVICES_PREFIX + r'(\w+)/(model/(\w+)Request|paginators/(\w+)Iterable)(\$|$)', name)
            if match:
                operations, paginated = used.setdefault(match.group(1), (set(), set()))
                if match.group(3):
                    operations.add(match.group(3))
                else:
                    paginated.add(match.group(4))
    return used


def excludes(jar_path, service, operations, paginated):
    base = SERVICES_PREFIX + service + '/'
    with zipfile.ZipFile(jar_path) as jar:
        classes = {info.filename[len(base):-6]: info.filename for info in jar.infolist()
                   if info.filename.startswith(base) and info.filename.endswith('.class')}
        all_operations = {m.group(1) for rel in classes for m in [re.match(r'model/(\w+)Request$', rel)]
                          if m and 'transform/%sRequestMarshaller' % m.group(1) in classes}
        unused = all_operations - operations

        def unused_feature(rel):
            if re.match(r'(waiters|jmespath|batchmanager|internal/batchmanager)/', rel) or re.match(r'(Default)?\w+AsyncClient', rel):
                return True
            paginator = re.match(r'paginators/(\w+?)(Iterable|Publisher)(\$|$)', rel)
            return bool(paginator) and (paginator.group(2) == 'Publisher' or paginator.group(1) not in paginated)

        def never_kept(rel):
            if unused_feature(rel):
                return True
            operation = re.match(r'(model/(\w+)Response|model/(\w+)Request\$|transform/(\w+)RequestMarshaller)', rel)
            return bool(operation) and (operation.group(2) or operation.group(3) or operation.group(4)) in unused

        roots = set()
        for rel in classes:
            if never_kept(rel):
                continue
            if rel.startswith(('model/', 'transform/')):
                operation = re.match(r'(model|transform)/(\w+?)(Request|Response|RequestMarshaller)(\$|$)', rel)
                if (operation and operation.group(2) in operations) or re.match(r'model/\w+Exception(\$|$)', rel):
                    roots.add(rel)
            else:
                roots.add(rel)
        kept, stack = set(), list(roots)
        while stack:
            rel = stack.pop()
            if rel in kept or rel not in classes:
                continue
            kept.add(rel)
            request = re.match(r'model/(\w+)Request$', rel)
            if request and request.group(1) in unused:
                continue  # loaded by the verifier, never initialised: what it refers to is not needed
            # The client names every operation's classes; anything else that names one (an interceptor testing a
            # response's type, say) keeps it.
            hub = re.match(r'(Default)?\w+Client$', rel) is not None
            for name in constant_pool_classes(jar.read(classes[rel])):
                if name.startswith(base) and not unused_feature(name[len(base):]) and not (hub and never_kept(name[len(base):])):
                    stack.append(name[len(base):])
        # Request classes of unused operations stay whatever the closure says (see the module docstring).
        kept.update(rel for rel in classes if re.match(r'model/(\w+)Request$', rel))
        dropped = sorted(set(classes) - kept)
    patterns = []
    for top in sorted({rel.split('$')[0] for rel in dropped}):
        if all(rel in dropped for rel in classes if rel.startswith(top)):
            if not any(p for p in patterns if top.startswith(p[:-1]) and p.endswith('*')):
                patterns.append(top + '*')
        else:
            if top in dropped:
                patterns.append(top + '.class')
            if any(rel.startswith(top + '$') for rel in dropped):
                patterns.append(top + '$*')
    return [base + p for p in patterns], len(dropped)


def main(module):
    module = Path(module)
    used = used_by_function(module / 'target' / 'classes')
    classpath = (module / 'target' / 'runtime-classpath.txt').read_text().strip().split(':')
    print('                                <!-- GENERATED by src/tools/python/sdk_shade_excludes.py: do not edit by hand -->')
    for service in sorted(used):
        jars = [jar for jar in classpath if re.search(r'/%s-[\d.]+\.jar$' % re.escape(service), jar)]
        if not jars:
            continue
        operations, paginated = used[service]
        patterns, count = excludes(jars[0], service, operations, paginated)
        print('                                <filter>')
        print('                                    <!-- %s: the function calls %s; %d classes of other operations left out -->'
              % (service, ', '.join(sorted(operations)), count))
        print('                                    <artifact>software.amazon.awssdk:%s</artifact>' % service)
        print('                                    <excludes>')
        for pattern in patterns:
            print('                                        <exclude>%s</exclude>' % pattern)
        print('                                    </excludes>')
        print('                                </filter>')
    print('                                <!-- END GENERATED -->')


if __name__ == '__main__':
    main(sys.argv[1] if len(sys.argv) > 1 else 'lambda')
